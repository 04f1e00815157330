// `spipsim allocate` as a user meets it, on the reduced configuration that ships
// (scenarios/allocations/small-region.toml: 3 départements, 6 posts, 3 replicates).
#include <cmath>
#include <map>
#include <string>

#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

class AllocateTest : public SweepTest {
 protected:
  void SetUp() override {
    SweepTest::SetUp();
    small_region_ = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "allocations" / "small-region.toml";
  }
  // Built by append: gcc 12 warns falsely (-Wrestrict) on "literal" + string.
  std::string args(const std::string& rest) {
    return std::string("allocate '").append(small_region_.string()).append("' ").append(rest);
  }
  std::string scenario_line() {
    return std::string("scenario = \"").append(small_site_.string()).append("\"\n");
  }
  // Journal records of this file's tasks: task, 3 + 3 sites x kAllocSiteWidth values, check.
  bool wait_for_tasks(const fs::path& journal, std::size_t tasks, pid_t pid) {
    return wait_for_records(journal, tasks, 16 + 8 * (3 + 3 * 6), pid, 6000);
  }
  // Starts spipsim in the background in dir_ with its stderr in `log`; returns its pid.
  pid_t start_logged(const std::string& rest, const std::string& log) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (::chdir(dir_.c_str()) != 0) ::_exit(127);
      const std::string command = "exec '" SPIPSIM_BINARY "' " + args(rest) + " > /dev/null 2> '" +
                                  log + "' < /dev/null";
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid;
  }
  // Journals left beside a results file (<name>.journal, <name>.shard-i-of-n.journal).
  std::vector<std::string> journals_of(const std::string& name) {
    std::vector<std::string> found;
    for (const fs::directory_entry& e : fs::directory_iterator(dir_)) {
      const std::string file = e.path().filename().string();
      if (file.starts_with(name + ".") && file.ends_with(".journal")) found.push_back(file);
    }
    return found;
  }
  fs::path small_region_;
};

template <class T>
const std::vector<T>& column(const io::Table& t, const char* name) {
  const io::Column* c = t.find(name);
  EXPECT_NE(c, nullptr) << name;
  return std::get<std::vector<T>>(c->values);
}

TEST_F(AllocateTest, PlansThePostsWithinTheConstraintsTheSameOnOneAndTwoThreadsAndResumesAfterAKill) {
  Result one = spipsim(args("--threads 1 --quiet --out one.h5"));
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_NE(one.out.find("P(greedy beats pro rata population)"), std::string::npos) << one.out;
  Result check = spipsim("check one.h5");
  EXPECT_EQ(check.status, 0) << check.out << check.err;

  const auto found = tables(dir_ / "one.h5");
  const io::Table& sites = found.at("/allocation/sites");
  for (const char* plan : {"posts_greedy", "posts_pro_rata_population", "posts_pro_rata_caseload"}) {
    std::int64_t sum = 0;
    for (std::int64_t p : column<std::int64_t>(sites, plan)) {
      sum += p;
      if (std::string(plan) == "posts_greedy") {
        EXPECT_LE(p, 4) << "max_per_site = 4";
      }
    }
    EXPECT_EQ(sum, 6) << plan;
  }
  const io::Table& effects = found.at("/allocation/effects");
  ASSERT_EQ(effects.rows(), 3u);
  const double p = column<double>(effects, "p_beats_pro_rata_population")[0];
  EXPECT_GE(p, 0.0);
  EXPECT_LE(p, 1.0);
  const auto& mean = column<double>(effects, "reconvictions_avoided");
  const auto& lo = column<double>(effects, "reconvictions_avoided_lo");
  const auto& hi = column<double>(effects, "reconvictions_avoided_hi");
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(lo[i], mean[i]);
    EXPECT_GE(hi[i], mean[i]);
  }
  // 3 rounds of 2 posts, each measuring every candidate that can still take 2.
  EXPECT_GE(found.at("/allocation/marginals").rows(), 3u);

  Result two = spipsim(args("--threads 2 --quiet --json --out two.h5"));
  ASSERT_EQ(two.status, 0) << two.err;
  EXPECT_TRUE(valid_json(two.out)) << two.out;
  expect_same_tables(dir_ / "one.h5", dir_ / "two.h5");

  const pid_t pid = start(args("--threads 1 --quiet --out killed.h5"));
  ASSERT_TRUE(wait_for_tasks(dir_ / "killed.h5.journal", 5, pid)) << "no task recorded";
  ::kill(pid, SIGKILL);
  EXPECT_EQ(wait_exit(pid), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(dir_ / "killed.h5")) << "a killed allocation left a final file";
  Result resumed = spipsim(args("--threads 2 --out killed.h5"));
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: "), std::string::npos) << resumed.err;
  expect_same_tables(dir_ / "one.h5", dir_ / "killed.h5");
}

// The simultaneous method, screened (the favourite of each round measured alone): the same
// tables on 1 and 2 threads, and after a SIGKILL the resumed run replays its journal.
TEST_F(AllocateTest, TheSimultaneousMethodIsThreadInvariantAndResumesAfterAKill) {
  write("simultaneous.toml",
        scenario_line() +
            "posts = 6\nstep = 2\nsites = [\"21\", \"39\", \"70\"]\nreplicates = 3\nseed = 11\n"
            "max_per_site = 4\nmethod = \"simultaneous\"\nscreen = 1\n[set]\n"
            "world.sites = \"21,39,70\"\nrun.years = 3.0\nrun.warmup_years = 2.0\n");
  Result one = spipsim("allocate simultaneous.toml --threads 1 --quiet --out one.h5");
  ASSERT_EQ(one.status, 0) << one.err;
  io::H5FileReader reader = io::H5FileReader::open(dir_ / "one.h5");
  EXPECT_EQ(reader.string_attribute("/manifest", "method"), "simultaneous");
  const auto found = tables(dir_ / "one.h5");
  std::int64_t placed = 0;
  for (std::int64_t p : column<std::int64_t>(found.at("/allocation/sites"), "posts_greedy")) {
    EXPECT_LE(p, 4) << "max_per_site = 4";
    placed += p;
  }
  EXPECT_EQ(placed, 6);
  // 3 rounds; a round's candidates are the sites that can take 2 more posts under the cap
  // of 4 (a site chosen in rounds 0 and 1 is full in round 2). The chosen site of each round
  // has its exact gain too.
  const io::Table& marginals = found.at("/allocation/marginals");
  const auto& round = column<std::int64_t>(marginals, "round");
  const auto& code = column<std::string>(marginals, "code");
  const auto& chosen = column<std::int64_t>(marginals, "chosen");
  std::map<std::string, int> posts;
  std::size_t row = 0;
  for (std::int64_t r = 0; r < 3; ++r) {
    std::size_t open = 0, rows = 0;
    for (const char* site : {"21", "39", "70"}) open += posts[site] + 2 <= 4;
    for (; row < marginals.rows() && round[row] == r; ++row, ++rows)
      if (chosen[row]) posts[code[row]] += 2;
    EXPECT_EQ(rows, open) << "candidates of round " << r;
  }
  EXPECT_EQ(row, marginals.rows()) << "rows after round 2";
  const auto& exact = column<double>(marginals, "marginal_exact");
  for (std::size_t i = 0; i < marginals.rows(); ++i)
    EXPECT_EQ(std::isnan(exact[i]), chosen[i] == 0) << "row " << i;

  ASSERT_EQ(spipsim("allocate simultaneous.toml --threads 2 --quiet --out two.h5").status, 0);
  expect_same_tables(dir_ / "one.h5", dir_ / "two.h5");

  const pid_t pid = start("allocate simultaneous.toml --threads 1 --quiet --out killed.h5");
  ASSERT_TRUE(wait_for_tasks(dir_ / "killed.h5.journal", 4, pid)) << "no task recorded";
  ::kill(pid, SIGKILL);
  EXPECT_EQ(wait_exit(pid), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(dir_ / "killed.h5"));
  Result resumed = spipsim("allocate simultaneous.toml --threads 2 --out killed.h5");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: "), std::string::npos) << resumed.err;
  expect_same_tables(dir_ / "one.h5", dir_ / "killed.h5");
}

TEST_F(AllocateTest, BadFilesAreRefusedWithFileLineAndRule) {
  write("bad.toml", scenario_line() +
                        "posts = 4\nbudget_eur = 1e6\nstpe = 2\nobjective = \"reintegrated_12\"\n"
                        "sites = [\"21\", \"21\"]\nmin_per_site = 5\nmax_per_site = 2\n"
                        "method = \"greedy\"\nscreen = 0\n");
  Result r = spipsim("allocate bad.toml --quiet");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad.toml:3:"), std::string::npos) << r.err;  // posts and budget
  EXPECT_NE(r.err.find("bad.toml:4:1: key 'stpe': unknown key"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'step'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'reintegrated_12m'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("listed twice"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("must be at least min_per_site"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.toml:9:10: key 'method': expected one of one_at_a_time, simultaneous"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("bad.toml:10:10: key 'screen': must be between 1"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));

  write("unknown-site.toml", scenario_line() +
                                 "posts = 4\nsites = [\"21\", \"99\"]\nreplicates = 2\n");
  Result site = spipsim("allocate unknown-site.toml --quiet");
  EXPECT_EQ(site.status, 2);
  EXPECT_NE(site.err.find("'99' is not a simulated"), std::string::npos) << site.err;

  write("cap.toml", scenario_line() +
                        "posts = 2\nreplicates = 2\nworkload_cap = 1\n[set]\nrun.years = 0.5\n"
                        "run.warmup_years = 0.0\n");
  Result cap = spipsim("allocate cap.toml --quiet --out cap.h5");
  EXPECT_EQ(cap.status, 2);
  EXPECT_NE(cap.err.find("workload cap need"), std::string::npos) << cap.err;
  EXPECT_FALSE(fs::exists(dir_ / "cap.h5"));
}

// A job array: three shards started together share each round through their journals
// and give the file of one process; a shard killed part-way and started again resumes, the
// others waiting for it meanwhile; no journal is left once shard 1 has written the file.
TEST_F(AllocateTest, ThreeShardsGiveTheFileOfOneProcessAndAKilledShardResumes) {
  const std::string quick = "--replicates 2 --years 1 --threads 1 ";
  ASSERT_EQ(spipsim(args(quick + "--quiet --out one.h5")).status, 0);

  const std::string logs[] = {"shard1.log", "shard2.log", "shard3.log"};
  std::vector<pid_t> shards;
  for (int i = 1; i <= 3; ++i)
    shards.push_back(start_logged(quick + "--shard " + std::to_string(i) + "/3 --out array.h5",
                                  logs[i - 1]));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(wait_exit(shards[i]), 0) << read_text(dir_ / logs[i]);
  ASSERT_TRUE(fs::exists(dir_ / "array.h5"));
  EXPECT_EQ(spipsim("check array.h5").status, 0);
  expect_same_tables(dir_ / "one.h5", dir_ / "array.h5");
  EXPECT_TRUE(journals_of("array.h5").empty());
  // "done; shard 1 wrote array.h5", or "done: another process wrote array.h5" when shard 1
  // wrote it between two looks of shard 2 at the journals of the last round: both are right.
  EXPECT_NE(read_text(dir_ / "shard2.log").find("shard 2 of 3: done"), std::string::npos)
      << read_text(dir_ / "shard2.log");
  EXPECT_NE(read_text(dir_ / "shard2.log").find("wrote array.h5"), std::string::npos)
      << read_text(dir_ / "shard2.log");

  // Shard 2 killed once it has recorded two tasks; shards 1 and 3 wait for it.
  const std::string killed = quick + "--out killed.h5 --shard ";
  const pid_t first = start_logged(killed + "1/3", "k1.log");
  const pid_t third = start_logged(killed + "3/3", "k3.log");
  const pid_t second = start_logged(killed + "2/3 --wait 600", "k2.log");
  ASSERT_TRUE(wait_for_tasks(dir_ / "killed.h5.shard-2-of-3.journal", 2, second))
      << read_text(dir_ / "k2.log");
  ::kill(second, SIGKILL);
  EXPECT_EQ(wait_exit(second), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(dir_ / "killed.h5"));
  Result again = spipsim(args(killed + "2/3"));
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("shard 2 of 3: resuming: "), std::string::npos) << again.err;
  EXPECT_EQ(wait_exit(first), 0) << read_text(dir_ / "k1.log");
  EXPECT_EQ(wait_exit(third), 0) << read_text(dir_ / "k3.log");
  expect_same_tables(dir_ / "one.h5", dir_ / "killed.h5");
  EXPECT_TRUE(journals_of("killed.h5").empty());
}

// A shard whose partners never come leaves after --wait with status 75, its tasks kept; the
// unsharded command then finishes from the journals (the finish step of a stranded array),
// and a shard started after that has nothing to do.
TEST_F(AllocateTest, AShardLeftAloneLeavesWithStatus75AndTheUnshardedCommandFinishes) {
  const std::string quick = "--replicates 2 --years 1 --threads 1 ";
  ASSERT_EQ(spipsim(args(quick + "--quiet --out one.h5")).status, 0);
  Result alone = spipsim(args(quick + "--shard 1/2 --wait 1 --out alone.h5"));
  EXPECT_EQ(alone.status, 75) << alone.err;
  EXPECT_NE(alone.err.find("1 task of shard 2 is in no journal yet"), std::string::npos)
      << alone.err;  // evaluation 0 (the base): task 0 is shard 1's, task 1 shard 2's
  EXPECT_NE(alone.err.find("submit this one again"), std::string::npos) << alone.err;
  EXPECT_FALSE(fs::exists(dir_ / "alone.h5"));
  ASSERT_TRUE(fs::exists(dir_ / "alone.h5.shard-1-of-2.journal"));

  Result finish = spipsim(args(quick + "--out alone.h5"));
  ASSERT_EQ(finish.status, 0) << finish.err;
  EXPECT_NE(finish.err.find("more in the journals of other processes"), std::string::npos)
      << finish.err;
  expect_same_tables(dir_ / "one.h5", dir_ / "alone.h5");
  EXPECT_TRUE(journals_of("alone.h5").empty());

  Result late = spipsim(args(quick + "--shard 2/2 --out alone.h5"));
  EXPECT_EQ(late.status, 0) << late.err;
  EXPECT_NE(late.err.find("nothing to do"), std::string::npos) << late.err;
}

TEST_F(AllocateTest, BadShardValuesAreRefusedBeforeAnythingRuns) {
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", "1/ 2"}) {
    Result r = spipsim(args(std::string("--quiet --shard '") + bad + "'"));
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find(std::string("--shard '") + bad + "': expected i/n with 1 <= i <= n"),
              std::string::npos)
        << bad << ": " << r.err;
  }
  Result wait = spipsim(args("--quiet --shard 1/2 --wait -5"));
  EXPECT_EQ(wait.status, 2) << wait.err;
  EXPECT_NE(wait.err.find("--wait"), std::string::npos) << wait.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) return;
  Result ranks = mpirun(2, args("--quiet --shard 1/2 --out ranks.h5"));
  EXPECT_EQ(ranks.status, 2) << ranks.err;
  EXPECT_NE(ranks.err.find("--shard with 2 MPI ranks: use one or the other"), std::string::npos)
      << ranks.err;
  EXPECT_TRUE(journals_of("ranks.h5").empty());
}

TEST_F(AllocateTest, OneTwoAndThreeRanksGiveTheSameTablesAsThreads) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun is not installed (scripts/install-deps installs openmpi-bin)";
  const std::string quick = " --replicates 2 --years 1 --quiet --out ";
  ASSERT_EQ(spipsim(args(quick + "threads.h5")).status, 0);
  for (int ranks : {2, 3}) {
    const std::string name = "ranks" + std::to_string(ranks) + ".h5";
    expect_ranks_give_the_same_file(ranks, args(quick + name), name, dir_ / "threads.h5");
  }
}

}  // namespace
}  // namespace spipsim::cli_test
