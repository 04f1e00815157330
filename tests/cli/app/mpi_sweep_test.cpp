// Rank invariance: `mpirun -np N spipsim sweep` gives the same tables for N = 1, 2, 3 as a
// plain run on threads (ranks oversubscribe this 2-core machine, which is the point: the
// dynamic queue hands tasks out in a different order every time). Also: a rank other than 0
// acts on SIGTERM by itself, and several Slurm tasks without MPI are refused.
#include <algorithm>
#include <sstream>

#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

class MpiSweepTest : public SweepTest {};  // mpirun() and start_mpirun() are in sweep_fixture.hpp

TEST_F(MpiSweepTest, OneTwoAndThreeRanksGiveTheSameTables) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun is not installed (scripts/install-deps installs openmpi-bin)";
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --out threads.h5").status, 0);
  for (int ranks : {1, 2, 3}) {
    const std::string name = "ranks" + std::to_string(ranks) + ".h5";
    expect_ranks_give_the_same_file(ranks, "sweep grid.toml --quiet --out " + name, name,
                                    dir_ / "threads.h5");
  }
}

}  // namespace
}  // namespace spipsim::cli_test

namespace spipsim::cli_test {
namespace {

TEST_F(MpiSweepTest, RunAndCompareOverRanksWriteTheSameTablesAsThreads) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun is not installed (scripts/install-deps installs openmpi-bin)";
  // Built by append: gcc 12 warns falsely (-Wrestrict) on "literal" + string here.
  const std::string site = std::string("'").append(small_site_.string()).append("'");
  std::string staff = "description = \"+25%\"\nextends = ";
  staff.append(site).append("\n[staffing]\nofficer_scale = 1.25\n");
  write("staff.toml", staff);
  const std::string run = "run " + site + " --replicates 3 --years 1 --quiet --person-table";
  ASSERT_EQ(spipsim(run + " --out run-threads.h5").status, 0);
  const std::string compare = "compare " + site + " staff.toml --replicates 3 --years 1 --quiet";
  ASSERT_EQ(spipsim(compare + " --out compare-threads.h5").status, 0);
  for (int ranks : {2, 3}) {
    const std::string n = std::to_string(ranks);
    Result r = mpirun(ranks, run + " --out run-" + n + ".h5");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.find("Reconviction within 1 year"), r.out.rfind("Reconviction within 1 year"))
        << "one summary, from rank 0 only: " << r.out;
    expect_same_tables(dir_ / "run-threads.h5", dir_ / ("run-" + n + ".h5"));
    Result c = mpirun(ranks, compare + " --out compare-" + n + ".h5");
    ASSERT_EQ(c.status, 0) << c.err;
    expect_same_tables(dir_ / "compare-threads.h5", dir_ / ("compare-" + n + ".h5"));
  }
}

}  // namespace
}  // namespace spipsim::cli_test

namespace spipsim::cli_test {
namespace {

// The process among `parent`'s children whose environment holds `entry` (mpirun starts the
// ranks of one node as its own children, each with OMPI_COMM_WORLD_RANK=<rank>); 0 if none.
pid_t child_with_environment(pid_t parent, const std::string& entry) {
  for (const auto& proc : fs::directory_iterator("/proc")) {
    const std::string name = proc.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces.
    const std::string stat = read_text(proc.path() / "stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 2));
    std::string state;
    pid_t ppid = 0;
    fields >> state >> ppid;
    if (ppid != parent) continue;
    std::string environment = read_text(proc.path() / "environ");
    std::replace(environment.begin(), environment.end(), '\0', '\n');
    if (("\n" + environment).find("\n" + entry + "\n") != std::string::npos)
      return static_cast<pid_t>(std::stoi(name));
  }
  return 0;
}

TEST_F(MpiSweepTest, ARankOtherThanZeroStopsTheSweepOnSigtermAndTheJournalResumes) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun is not installed (scripts/install-deps installs openmpi-bin)";
  // 48 tasks of 10 simulated years: several seconds on two ranks, so that SIGTERM arrives
  // part-way. Slurm's scancel signals every rank; here only rank 1 gets it, which proves
  // that a non-root rank acts on it by itself (before, it went on until the sweep ended).
  write("long.toml", "description = \"long\"\nscenario = \"" + small_site_.string() +
                         "\"\nmethod = \"grid\"\nreplicates = 2\n[[parameter]]\n"
                         "name = \"staffing.officer_scale\"\n"
                         "values = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3]\n[[parameter]]\n"
                         "name = \"digital.remote_share\"\nvalues = [0.0, 0.2, 0.4, 0.6]\n"
                         "[set]\nrun.years = 10.0\nrun.warmup_years = 1.0\n");
  ASSERT_EQ(spipsim("sweep long.toml --quiet --out reference.h5").status, 0);
  const pid_t pid = start_mpirun(2, "sweep long.toml --quiet --out stopped.h5");
  ASSERT_TRUE(wait_for_journal(dir_ / "stopped.h5.journal", 1, pid)) << "no task recorded";
  pid_t rank1 = 0;
  for (int i = 0; i < 100 && rank1 == 0; ++i) {
    rank1 = child_with_environment(pid, "OMPI_COMM_WORLD_RANK=1");
    if (rank1 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(rank1, 0) << "rank 1 not found among mpirun's children";
  ::kill(rank1, SIGTERM);
  EXPECT_NE(wait_exit(pid), 0) << "the sweep ran to its end: rank 1 ignored SIGTERM";
  EXPECT_FALSE(fs::exists(dir_ / "stopped.h5")) << "a stopped sweep left a final file";
  EXPECT_TRUE(fs::exists(dir_ / "stopped.h5.journal"));

  Result resumed = mpirun(2, "sweep long.toml --quiet --out stopped.h5");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  expect_same_tables(dir_ / "reference.h5", dir_ / "stopped.h5");
}

TEST_F(MpiSweepTest, SeveralSlurmTasksWithoutMpiAreRefusedBeforeAnyFileIsTouched) {
  // What `srun --mpi=none -n 2` sets in each task (make test-cluster does it for real).
  for (const char* task : {"0", "1"}) {
    // One string appended to in place: gcc 12 at -O3 warned (-Wrestrict, a false positive)
    // on the chain of operator+ temporaries this was.
    std::string command = "cd '";
    command.append(dir_.string())
        .append("' && SLURM_STEP_NUM_TASKS=2 SLURM_PROCID=")
        .append(task)
        .append(" '" SPIPSIM_BINARY
                "' sweep grid.toml --out refused.h5 > stdout.txt "
                "2> stderr.txt < /dev/null");
    const int raw = std::system(command.c_str());
    EXPECT_EQ(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, 2) << "task " << task;
    const std::string err = read_text(dir_ / "stderr.txt");
    if (std::string(task) == "0") {
      EXPECT_EQ(err,
                "spipsim: error: started as 2 Slurm tasks without MPI (each would run the whole "
                "job alone); launch with `srun --mpi=pmix` or mpirun\n");
    } else {
      EXPECT_EQ(err, "") << "the hint is printed once, by task 0";
    }
    EXPECT_EQ(read_text(dir_ / "stdout.txt"), "");
    for (const char* file : {"refused.h5", "refused.h5.journal", "refused.h5.tmp", "out"})
      EXPECT_FALSE(fs::exists(dir_ / file)) << file;
  }
}

}  // namespace
}  // namespace spipsim::cli_test
