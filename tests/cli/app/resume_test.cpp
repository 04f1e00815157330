// `run` and `compare` killed with SIGKILL at random moments, including while the results
// file is being written, then run again to the end: the file is the same bytes as an
// uninterrupted run outside /manifest (nothing lost, nothing counted twice), and the journal
// and the stored replicates are gone. Kill moments are drawn from a fixed seed, uniformly
// over the duration of an uninterrupted run measured first.
#include <random>

#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

using Clock = std::chrono::steady_clock;

class ResumeTest : public SweepTest {
 protected:
  void SetUp() override {
    SweepTest::SetUp();
    // 6 replicates of one site and one year: about a second of work.
    write("tiny.toml", "extends = \"" + small_site_.string() +
                           "\"\n[run]\nyears = 1.0\nwarmup_years = 1.0\nreplicates = 6\n");
    write("variant.toml", "extends = \"tiny.toml\"\n[staffing]\nofficer_scale = 1.2\n");
  }

  // SIGKILLs `args` (which writes `out`) at random moments of an uninterrupted run's
  // duration until `random_kills` have landed, then `write_kills` times as soon as its
  // temporary results file exists. A resumed command has less left to do and eventually
  // finishes before its kill: that completed file must equal `reference`; it is then
  // deleted with its journal, and the next round starts afresh. Returns the kills done.
  int kill_repeatedly(const std::string& args, const std::string& out, const fs::path& reference,
                      std::chrono::milliseconds duration, int random_kills, int write_kills) {
    std::mt19937 random(20261202);
    std::uniform_int_distribution<long> moment(0, duration.count());
    int kills = 0, write = 0;
    for (int attempt = 0; attempt < 10 * (random_kills + write_kills) &&
                          (kills < random_kills || write < write_kills);
         ++attempt) {
      const bool during_write = kills >= random_kills;
      const pid_t pid = start(args);
      bool ended = false;
      if (!during_write) {
        std::this_thread::sleep_for(std::chrono::milliseconds(moment(random)));
      } else {
        bool writing = false;
        for (int i = 0; i < 100000 && !writing && !ended; ++i) {
          writing = fs::exists(dir_ / (out + ".tmp"));
          int status = 0;
          ended = !writing && ::waitpid(pid, &status, WNOHANG) == pid;
          if (!writing && !ended) std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
      }
      int status = 0;
      if (!ended) {
        ::kill(pid, SIGKILL);
        status = wait_exit(pid);
      }
      if (ended || status == 0) {  // it finished first: check it, and start a new round
        expect_same_tables(reference, dir_ / out);
        expect_cleaned_up(out);
        fs::remove(dir_ / out);
        continue;
      }
      EXPECT_EQ(status, 128 + SIGKILL) << read_text(dir_ / "bg-stderr.txt");
      // Killed after the results file was committed (before the journal was removed): the
      // file must be whole; the next run resumes from the journal and rewrites it.
      if (fs::exists(dir_ / out)) expect_same_tables(reference, dir_ / out);
      ++kills;
      write += during_write;
    }
    EXPECT_EQ(write, write_kills) << "kills during the final write";
    return kills;
  }

  // Waits until `folder` holds at least `count` stored replicates (or the process ended).
  bool wait_for_replicates(const fs::path& folder, int count, pid_t pid) {
    for (int i = 0; i < 6000; ++i) {
      int stored = 0;
      std::error_code ec;
      for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        stored += it->path().extension() == ".bin";
      if (stored >= count) return true;
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::chrono::milliseconds timed(const std::string& args) {
    const auto started = Clock::now();
    Result r = spipsim(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  }

  void expect_cleaned_up(const std::string& out) {
    EXPECT_FALSE(fs::exists(dir_ / (out + ".journal")));
    EXPECT_FALSE(fs::exists(dir_ / (out + ".replicates")));
    EXPECT_FALSE(fs::exists(dir_ / (out + ".tmp")));
  }
};

TEST_F(ResumeTest, RunKilledAtRandomMomentsResumesToTheSameBytes) {
  const auto duration = timed("run tiny.toml --quiet --threads 2 --out reference.h5");
  const int kills = kill_repeatedly("run tiny.toml --quiet --threads 2 --out killed.h5",
                                    "killed.h5", dir_ / "reference.h5", duration, 20, 5);
  Result last = spipsim("run tiny.toml --threads 1 --out killed.h5");
  ASSERT_EQ(last.status, 0) << last.err;
  expect_same_tables(dir_ / "reference.h5", dir_ / "killed.h5");
  expect_cleaned_up("killed.h5");
  EXPECT_EQ(kills, 25);
  std::cout << "run: " << kills << " SIGKILLs over runs of about " << duration.count()
            << " ms each\n";
}

TEST_F(ResumeTest, CompareKilledAtRandomMomentsResumesToTheSameBytes) {
  const auto duration =
      timed("compare tiny.toml variant.toml --quiet --threads 2 --out reference.h5");
  const int kills =
      kill_repeatedly("compare tiny.toml variant.toml --quiet --threads 2 --out killed.h5",
                      "killed.h5", dir_ / "reference.h5", duration, 20, 5);
  Result last = spipsim("compare tiny.toml variant.toml --quiet --threads 1 --out killed.h5");
  ASSERT_EQ(last.status, 0) << last.err;
  expect_same_tables(dir_ / "reference.h5", dir_ / "killed.h5");
  expect_cleaned_up("killed.h5");
  EXPECT_EQ(kills, 25);
  std::cout << "compare: " << kills << " SIGKILLs over runs of about " << duration.count()
            << " ms each\n";
}

// A resumed run reads stored replicates back instead of simulating them, and says so; a
// stored replicate whose file was damaged is simulated again, not trusted.
TEST_F(ResumeTest, StoredReplicatesAreReusedAndADamagedOneIsRecomputed) {
  ASSERT_EQ(spipsim("run tiny.toml --quiet --threads 1 --out reference.h5").status, 0);
  const pid_t pid = start("run tiny.toml --quiet --threads 1 --out r.h5");
  ASSERT_TRUE(wait_for_replicates(dir_ / "r.h5.replicates", 3, pid)) << "no replicate stored";
  ::kill(pid, SIGKILL);
  wait_exit(pid);
  // Damage one stored replicate: flip a byte in the middle.
  fs::path damaged;
  for (const auto& entry : fs::directory_iterator(dir_ / "r.h5.replicates"))
    if (entry.path().extension() == ".bin") damaged = entry.path();
  ASSERT_FALSE(damaged.empty());
  std::string bytes = read_text(damaged);
  bytes[bytes.size() / 2] ^= 0x20;
  std::ofstream(damaged, std::ios::binary | std::ios::trunc) << bytes;
  Result resumed = spipsim("run tiny.toml --threads 1 --out r.h5");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: "), std::string::npos) << resumed.err;
  expect_same_tables(dir_ / "reference.h5", dir_ / "r.h5");
  expect_cleaned_up("r.h5");
}

TEST_F(ResumeTest, AJournalOfAnotherRunIsRefused) {
  const pid_t pid = start("run tiny.toml --quiet --threads 1 --out x.h5");
  ASSERT_TRUE(wait_for_replicates(dir_ / "x.h5.replicates", 1, pid));
  ::kill(pid, SIGKILL);
  wait_exit(pid);
  Result other = spipsim("run tiny.toml --seed 5 --quiet --out x.h5");
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("belongs to another run"), std::string::npos) << other.err;
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
}

}  // namespace
}  // namespace spipsim::cli_test
