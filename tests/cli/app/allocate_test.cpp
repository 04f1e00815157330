// `spipsim allocate` as a user meets it, on the reduced configuration that ships
// (scenarios/allocations/small-region.toml: 3 départements, 6 posts, 3 replicates).
#include <cmath>

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
  // 3 rounds x 3 candidates; the chosen site of each round has its exact gain too.
  const io::Table& marginals = found.at("/allocation/marginals");
  ASSERT_EQ(marginals.rows(), 9u);
  const auto& chosen = column<std::int64_t>(marginals, "chosen");
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
