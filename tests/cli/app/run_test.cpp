// Successful and interrupted `spipsim run`s end to end. These NEED THE MODEL: each skips
// while its scenario file (scenarios/small-site.toml, baseline-france.toml) is missing.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cli_fixture.hpp"

namespace spipsim::cli_test {
namespace {

TEST_F(CliTest, RunWritesTheResultsFileAndPrintsJson) {
  fs::path scenario = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";
  if (!fs::exists(scenario)) GTEST_SKIP() << scenario << " does not exist yet (needs the model)";
  Result r = spipsim("run '" + scenario.string() + "' --replicates 2 --years 1 --quiet --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;  // --quiet: no progress bar, no closing message
  EXPECT_TRUE(valid_json(r.out)) << r.out;
  EXPECT_NE(r.out.find("\"scenario\": \"small-site\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"replicates\": 2"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "small-site.h5"));  // the default --out
  EXPECT_FALSE(fs::exists(dir_ / "out" / "small-site.h5.tmp"));
}

TEST_F(CliTest, RunPrintsTheTableAndNamesTheFile) {
  fs::path scenario = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";
  if (!fs::exists(scenario)) GTEST_SKIP() << scenario << " does not exist yet (needs the model)";
  Result r = spipsim("run '" + scenario.string() + "' -r 1 -y 1 --out res.h5 --person-table");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("small-site", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("Recidivism"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("results written to res.h5"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "res.h5"));
}

}  // namespace
}  // namespace spipsim::cli_test

namespace spipsim::cli_test {
namespace {

TEST_F(CliTest, ResultsDoNotDependOnTheThreadCount) {
  fs::path scenario = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";
  if (!fs::exists(scenario)) GTEST_SKIP() << scenario << " does not exist yet (needs the model)";
  std::string common = "run '" + scenario.string() + "' -r 3 -y 1 --quiet --json --out r.h5";
  Result one = spipsim(common + " --threads 1");
  Result two = spipsim(common + " --threads 2");
  Result five = spipsim(common + " --threads 5");  // 3 replicates: one thread each
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out, five.out);
}

// Ctrl-C during a run: exit status 130 and no results file, neither final nor temporary.
TEST_F(CliTest, InterruptedRunLeavesNoFile) {
  fs::path scenario = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "baseline-france.toml";
  if (!fs::exists(scenario)) GTEST_SKIP() << scenario << " does not exist yet (needs the model)";
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child: a long national run (minutes), output to files in the test directory.
    if (::chdir(dir_.c_str()) != 0) ::_exit(127);
    std::freopen("stdout.txt", "w", stdout);
    std::freopen("stderr.txt", "w", stderr);
    ::execl(SPIPSIM_BINARY, SPIPSIM_BINARY, "run", scenario.c_str(), "-r", "2", "-y", "10", "--out",
            "result.h5", "--threads", "2", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(child, SIGINT);
  int status = 0;
  bool exited = false;
  for (int waited_ms = 0; waited_ms < 60000 && !exited; waited_ms += 50) {
    exited = ::waitpid(child, &status, WNOHANG) == child;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exited) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    FAIL() << "spipsim did not stop within a minute of SIGINT";
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_text(dir_ / "stderr.txt");
  EXPECT_NE(read_text(dir_ / "stderr.txt").find("interrupted"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "result.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "result.h5.tmp"));
}

}  // namespace
}  // namespace spipsim::cli_test
