// `run --shard i/n` and `compare --shard i/n`, joined by `merge`: the merged file holds the
// same datasets and attributes, byte for byte outside /manifest, as an unsharded run
// (tests/cluster/same_tables.py, which compares every dataset and every attribute); sets
// that are incomplete, repeated or mixed are refused by name; a killed slice resumes from
// its own stored replicates.
#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

class ShardTest : public SweepTest {
 protected:
  void SetUp() override {
    SweepTest::SetUp();
    // 4 replicates of one site and one year, split 2 ways (and 3 ways: uneven slices).
    write("tiny.toml", "extends = \"" + small_site_.string() +
                           "\"\n[run]\nyears = 1.0\nwarmup_years = 1.0\nreplicates = 4\n");
    write("variant.toml", "extends = \"tiny.toml\"\n[staffing]\nofficer_scale = 1.2\n");
  }

  // Every dataset and attribute outside /manifest, compared by tests/cluster/same_tables.py.
  bool same_file(const std::string& reference, const std::string& file) {
    const std::string command = "cd '" + dir_.string() + "' && /usr/bin/python3 '" +
                                SPIPSIM_SOURCE_DIR "/tests/cluster/same_tables.py' '" + reference +
                                "' '" + file + "' > same.txt 2>&1";
    const bool same = std::system(command.c_str()) == 0;
    if (!same) ADD_FAILURE() << read_text(dir_ / "same.txt");
    return same;
  }
};

TEST_F(ShardTest, RunShardsMergeIntoTheUnshardedFile) {
  ASSERT_EQ(spipsim("run tiny.toml --quiet --threads 2 --person-table --out full.h5").status, 0);
  for (int i = 1; i <= 2; ++i) {
    Result r =
        spipsim("run tiny.toml --threads 1 --person-table --shard " + std::to_string(i) + "/2");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << "a shard prints no summary: " << r.out;
    EXPECT_NE(r.err.find("shard " + std::to_string(i) + " of 2 (2 of 4 replicates) written to"),
              std::string::npos)
        << r.err;
  }
  const std::string shards = "out/tiny.shard-1-of-2.h5 out/tiny.shard-2-of-2.h5";
  Result merged = spipsim("merge " + shards + " --out merged.h5");
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_NE(merged.out.find("tiny"), std::string::npos) << "the summary is printed";
  EXPECT_TRUE(same_file("full.h5", "merged.h5"));
  expect_same_tables(dir_ / "full.h5", dir_ / "merged.h5");  // the C++ reader agrees
  Result check = spipsim("check merged.h5");
  EXPECT_EQ(check.status, 0) << check.out << check.err;

  // Three uneven slices (replicates {0, 3}, {1}, {2}), given out of order, merge too.
  for (int i = 1; i <= 3; ++i)
    ASSERT_EQ(
        spipsim("run tiny.toml --quiet --person-table --shard " + std::to_string(i) + "/3").status,
        0);
  ASSERT_EQ(spipsim("merge out/tiny.shard-3-of-3.h5 out/tiny.shard-1-of-3.h5 "
                    "out/tiny.shard-2-of-3.h5 --quiet --out merged3.h5")
                .status,
            0);
  EXPECT_TRUE(same_file("full.h5", "merged3.h5"));

  // The default merged file is out/<scenario>.h5.
  Result by_default = spipsim("merge " + shards + " --quiet");
  ASSERT_EQ(by_default.status, 0) << by_default.err;
  EXPECT_TRUE(same_file("full.h5", "out/tiny.h5"));
}

TEST_F(ShardTest, CompareShardsMergeIntoTheUnshardedFile) {
  ASSERT_EQ(spipsim("compare tiny.toml variant.toml --quiet --threads 2 --out full.h5").status, 0);
  for (int i = 1; i <= 2; ++i) {
    Result r = spipsim("compare tiny.toml variant.toml --quiet --threads 2 --shard " +
                       std::to_string(i) + "/2");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  Result merged = spipsim(
      "merge out/tiny-vs-variant.shard-2-of-2.h5 "
      "out/tiny-vs-variant.shard-1-of-2.h5 --out merged.h5");
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_TRUE(same_file("full.h5", "merged.h5"));
  expect_same_tables(dir_ / "full.h5", dir_ / "merged.h5");
}

TEST_F(ShardTest, BadSetsAreRefusedAndNothingIsWritten) {
  for (int i = 1; i <= 3; ++i)
    ASSERT_EQ(spipsim("run tiny.toml --quiet --shard " + std::to_string(i) + "/3").status, 0);
  const std::string s1 = "out/tiny.shard-1-of-3.h5", s2 = "out/tiny.shard-2-of-3.h5",
                    s3 = "out/tiny.shard-3-of-3.h5";
  auto refused = [&](const std::string& args, const std::string& says) {
    Result r = spipsim("merge " + args + " --out m.h5");
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_NE(r.err.find(says), std::string::npos) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "m.h5")) << args;
  };
  refused(s1 + " " + s3, "shard 2 of 3 missing");
  refused(s1 + " " + s2 + " " + s3 + " " + s2, "shard 2 is given more than once");
  // Another seed, another scenario, other replicates, another split: another job.
  ASSERT_EQ(spipsim("run tiny.toml --quiet --seed 9 --shard 2/3 --out seed9.h5").status, 0);
  refused(s1 + " seed9.h5 " + s3, "seed9.h5: from another run than " + s1);
  ASSERT_EQ(spipsim("run variant.toml --quiet --shard 2/3 --out variant.h5").status, 0);
  refused(s1 + " variant.h5 " + s3, "variant.h5: from another run than " + s1);
  ASSERT_EQ(spipsim("run tiny.toml --quiet --replicates 3 --shard 2/3 --out r3.h5").status, 0);
  refused(s1 + " r3.h5 " + s3, "r3.h5: from another run than " + s1);
  ASSERT_EQ(spipsim("run tiny.toml --quiet --person-table --shard 2/3 --out persons.h5").status, 0);
  refused(s1 + " persons.h5 " + s3, "persons.h5: from another run than " + s1);
  ASSERT_EQ(spipsim("run tiny.toml --quiet --shard 2/2 --out half.h5").status, 0);
  refused(s1 + " half.h5 " + s3, "half.h5: one of 2 shards, but " + s1 + " is one of 3");
  // Shards of a comparison and of a sweep are not shards of this run; a whole file is none.
  ASSERT_EQ(spipsim("compare tiny.toml variant.toml --quiet --shard 2/3 --out cmp.h5").status, 0);
  refused(s1 + " cmp.h5 " + s3, "cmp.h5: a compare shard, but " + s1 + " is a run shard");
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --shard 1/3 --out sweep.h5").status, 0);
  refused(s1 + " sweep.h5", "sweep.h5: a sweep shard, but " + s1 + " is a run shard");
  ASSERT_EQ(spipsim("run tiny.toml --quiet --out whole.h5").status, 0);
  refused("whole.h5", "whole.h5: not a shard (a run file)");
  // A damaged shard is refused by its checksum.
  std::string bytes = read_text(dir_ / s2);
  bytes[bytes.size() / 2] ^= 0x5a;
  std::ofstream(dir_ / "damaged.h5", std::ios::binary) << bytes;
  refused(s1 + " damaged.h5 " + s3, "damaged.h5: ");

  // More slices than replicates, and a malformed --shard, are refused before anything runs.
  Result many = spipsim("run tiny.toml --shard 5/5");
  EXPECT_EQ(many.status, 2);
  EXPECT_NE(many.err.find("only 4 replicates"), std::string::npos) << many.err;
  Result bad = spipsim("compare tiny.toml variant.toml --shard 0/2");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("expected i/n with 1 <= i <= n"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir_ / "out/tiny.shard-5-of-5.h5"));
}

// A slice keeps its finished replicates like any run: killed, then run again, it resumes
// from them and its file is the same, so the merge still equals the unsharded run.
TEST_F(ShardTest, AKilledShardResumesFromItsStoredReplicates) {
  write("six.toml", "extends = \"tiny.toml\"\n[run]\nreplicates = 6\n");
  ASSERT_EQ(spipsim("run six.toml --quiet --threads 2 --out full.h5").status, 0);
  const pid_t pid = start("run six.toml --quiet --threads 1 --shard 1/2 --out s1.h5");
  // One replicate recorded: the journal's 40-byte header, then a record of 40 bytes (length,
  // task and the stored file's size and hash, check hash).
  bool stored = false;
  for (int i = 0; i < 6000 && !stored; ++i) {
    std::error_code ec;
    stored = fs::file_size(dir_ / "s1.h5.journal", ec) >= 80 && !ec;
    if (!stored) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(stored) << "no replicate stored";
  ::kill(pid, SIGKILL);
  wait_exit(pid);
  ASSERT_FALSE(fs::exists(dir_ / "s1.h5"));
  Result resumed = spipsim("run six.toml --threads 1 --shard 1/2 --out s1.h5");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: "), std::string::npos) << resumed.err;
  EXPECT_FALSE(fs::exists(dir_ / "s1.h5.journal"));
  EXPECT_FALSE(fs::exists(dir_ / "s1.h5.replicates"));
  ASSERT_EQ(spipsim("run six.toml --quiet --shard 2/2 --out s2.h5").status, 0);
  ASSERT_EQ(spipsim("merge s1.h5 s2.h5 --quiet --out merged.h5").status, 0);
  EXPECT_TRUE(same_file("full.h5", "merged.h5"));
}

}  // namespace
}  // namespace spipsim::cli_test
