// `spipsim sweep` and `spipsim merge` end to end: same results for any thread count, for
// shards merged, and after a SIGKILL or a Ctrl-C and a re-run; bad designs and bad shard
// sets refused with the reason.
#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

TEST_F(SweepTest, GridWritesEveryTableAndIsTheSameOnOneAndTwoThreads) {
  Result one = spipsim("sweep grid.toml --threads 1 --quiet --out one.h5");
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_NE(one.out.find("6 points x 2 replicates"), std::string::npos) << one.out;
  Result two = spipsim("sweep grid.toml --threads 2 --quiet --json --out two.h5");
  ASSERT_EQ(two.status, 0) << two.err;
  EXPECT_TRUE(valid_json(two.out)) << two.out;
  EXPECT_FALSE(fs::exists(dir_ / "one.h5.journal"));  // removed once the file is complete

  io::H5FileReader reader = io::H5FileReader::open(dir_ / "one.h5");
  EXPECT_EQ(reader.string_attribute("/", "spipsim_kind"), "sweep");
  EXPECT_EQ(reader.int_attribute("/", "complete"), 1);
  EXPECT_EQ(reader.table("/design/points").rows(), 6u);
  EXPECT_EQ(reader.table("/tasks").rows(), 12u);
  EXPECT_FALSE(reader.has("/sensitivity"));
  const io::Table points = reader.table("/results/points");
  EXPECT_EQ(points.rows(), 6u * experiment::headline_specs().size());
  expect_same_tables(dir_ / "one.h5", dir_ / "two.h5");
}

TEST_F(SweepTest, SobolDesignWritesIndicesForEveryOutputAndParameter) {
  write("sobol.toml", design("sobol",
                             "base_samples = 4\nbootstrap = 50\noutputs = [\"reconviction_1y\", "
                             "\"caseload_mean\"]\n[[parameter]]\nname = "
                             "\"staffing.officer_scale\"\nmin = 0.8\nmax = 1.2\n[[parameter]]\n"
                             "name = \"digital.remote_share\"\nmin = 0.0\nmax = 0.5\n"));
  Result r = spipsim("sweep sobol.toml --replicates 1 --quiet --out s.h5");
  ASSERT_EQ(r.status, 0) << r.err;
  io::H5FileReader reader = io::H5FileReader::open(dir_ / "s.h5");
  EXPECT_EQ(reader.table("/design/points").rows(), 4u * (2 + 2));
  const io::Table sobol = reader.table("/sensitivity/sobol");
  EXPECT_EQ(sobol.rows(), 2u * 2u);
  // Officers drive the caseload, remote contacts do not: the indices must say so.
  const auto& first = std::get<std::vector<double>>(sobol.find("total")->values);
  EXPECT_GT(first[2], 0.5) << "total index of staffing on caseload_mean";
  EXPECT_LT(first[3], first[2]);
  EXPECT_NE(r.out.find("Sobol indices"), std::string::npos) << r.out;
}

TEST_F(SweepTest, ShardsMergeIntoTheUnshardedFileAndBadSetsAreRefused) {
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --out full.h5").status, 0);
  for (int i = 1; i <= 3; ++i) {
    Result r = spipsim("sweep grid.toml --quiet --shard " + std::to_string(i) + "/3");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << "a shard prints no table: " << r.out;
  }
  const std::string shards =
      "out/grid.shard-1-of-3.h5 out/grid.shard-2-of-3.h5 out/grid.shard-3-of-3.h5";
  Result merged = spipsim("merge " + shards + " --out merged.h5");
  ASSERT_EQ(merged.status, 0) << merged.err;
  expect_same_tables(dir_ / "full.h5", dir_ / "merged.h5");

  Result missing = spipsim("merge out/grid.shard-1-of-3.h5 out/grid.shard-3-of-3.h5 -o m2.h5");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("shard 2 of 3 missing"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir_ / "m2.h5"));

  ASSERT_EQ(spipsim("sweep grid.toml --quiet --seed 9 --shard 2/3 --out other.h5").status, 0);
  Result mixed = spipsim("merge out/grid.shard-1-of-3.h5 other.h5 out/grid.shard-3-of-3.h5");
  EXPECT_EQ(mixed.status, 2);
  EXPECT_NE(mixed.err.find("other.h5: from another sweep"), std::string::npos) << mixed.err;

  Result twice = spipsim("merge " + shards + " out/grid.shard-2-of-3.h5 -o m3.h5");
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.err.find("given more than once"), std::string::npos) << twice.err;

  Result not_shard = spipsim("merge full.h5");
  EXPECT_EQ(not_shard.status, 2);
  EXPECT_NE(not_shard.err.find("full.h5: not a shard (a sweep file)"), std::string::npos)
      << not_shard.err;
}

TEST_F(SweepTest, KilledSweepResumesToTheSameResults) {
  ASSERT_EQ(spipsim("sweep grid.toml --threads 1 --quiet --out reference.h5").status, 0);
  const pid_t pid = start("sweep grid.toml --threads 1 --quiet --out killed.h5");
  ASSERT_TRUE(wait_for_journal(dir_ / "killed.h5.journal", 3, pid)) << "no task recorded";
  ::kill(pid, SIGKILL);
  EXPECT_EQ(wait_exit(pid), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(dir_ / "killed.h5")) << "a killed sweep left a final file";
  EXPECT_TRUE(fs::exists(dir_ / "killed.h5.journal"));

  Result resumed = spipsim("sweep grid.toml --threads 2 --out killed.h5");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: "), std::string::npos) << resumed.err;
  expect_same_tables(dir_ / "reference.h5", dir_ / "killed.h5");
}

TEST_F(SweepTest, CtrlCStopsCleanlyAndSaysHowToResume) {
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --out reference.h5").status, 0);
  const pid_t pid = start("sweep grid.toml --threads 1 --out stopped.h5");
  ASSERT_TRUE(wait_for_journal(dir_ / "stopped.h5.journal", 1, pid));
  ::kill(pid, SIGINT);
  EXPECT_EQ(wait_exit(pid), 130);
  const std::string err = read_text(dir_ / "bg-stderr.txt");
  EXPECT_NE(err.find("run the same command again to resume"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "stopped.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "stopped.h5.tmp"));

  Result resumed = spipsim("sweep grid.toml --quiet --out stopped.h5");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  expect_same_tables(dir_ / "reference.h5", dir_ / "stopped.h5");
}

TEST_F(SweepTest, AJournalOfAnotherSweepIsNotMixedIn) {
  const pid_t pid = start("sweep grid.toml --threads 1 --quiet --out x.h5");
  ASSERT_TRUE(wait_for_journal(dir_ / "x.h5.journal", 1, pid));
  ::kill(pid, SIGKILL);
  wait_exit(pid);
  Result other = spipsim("sweep grid.toml --seed 5 --quiet --out x.h5");
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("belongs to another sweep"), std::string::npos) << other.err;
}

TEST_F(SweepTest, BadDesignsAreRefusedWithFileLineAndRule) {
  write("bad.toml", "scenario = \"nowhere.toml\"\nmethod = \"grdi\"\nreplicate = 3\n"
                    "[[parameter]]\nname = \"staffing.oficer_scale\"\nvalues = [1.0]\n"
                    "[[parameter]]\nname = \"digital.remote_share\"\nvalues = [2.0]\n");
  Result r = spipsim("sweep bad.toml --quiet");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad.toml:1:12: key 'scenario': no scenario file"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("bad.toml:2:10: key 'method'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'grid'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.toml:3:1: key 'replicate': unknown key"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'staffing.officer_scale'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.toml:9:11: key 'parameter.digital.remote_share'"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));

  Result shard = spipsim("sweep grid.toml --shard 4/3");
  EXPECT_EQ(shard.status, 2);
  EXPECT_NE(shard.err.find("expected i/n with 1 <= i <= n"), std::string::npos) << shard.err;
}

}  // namespace
}  // namespace spipsim::cli_test
