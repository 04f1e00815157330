// Design files, points and the task journal: what `spipsim sweep` builds before and while
// it runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/experiment/sweep/sweep_design.hpp"
#include "sim/experiment/sweep/sweep_plan.hpp"
#include "sim/experiment/sweep/task_journal.hpp"
#include "sim/params/diagnostic.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;

class SweepDesignTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("spipsim_design_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "s.toml") << "description = \"x\"\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& text) {
    std::ofstream(dir_ / "d.toml") << "scenario = \"s.toml\"\n" << text;
    return dir_ / "d.toml";
  }
  fs::path dir_;
};

TEST_F(SweepDesignTest, GridCrossesEveryLevelLastParameterFastest) {
  SweepDesign d = load_sweep_design(
      write("method = \"grid\"\n[[parameter]]\nname = \"staffing.officer_scale\"\nmin = 1.0\n"
            "max = 2.0\nlevels = 3\n[[parameter]]\nname = \"contact.priority\"\n"
            "values = [\"risk_first\", \"overdue_first\"]\n"));
  ASSERT_EQ(d.parameters.size(), 2u);
  SweepPoints p = generate_points(d, 1);
  ASSERT_EQ(p.values.size(), 6u);
  EXPECT_DOUBLE_EQ(p.values[0][0].number, 1.0);
  EXPECT_DOUBLE_EQ(p.values[1][0].number, 1.0);
  EXPECT_DOUBLE_EQ(p.values[2][0].number, 1.5);
  EXPECT_DOUBLE_EQ(p.values[5][0].number, 2.0);
  EXPECT_NE(p.values[0][1].number, p.values[1][1].number);
  EXPECT_TRUE(p.blocks.empty());
}

TEST_F(SweepDesignTest, ContinuousDesignsStayInRangeAndRoundIntegers) {
  SweepDesign d = load_sweep_design(
      write("method = \"latin_hypercube\"\npoints = 50\n[[parameter]]\nname = "
            "\"staffing.officer_scale\"\nmin = 0.5\nmax = 1.5\n[[parameter]]\nname = "
            "\"allocation.caseload_cap\"\nmin = 40\nmax = 80\n"));
  SweepPoints p = generate_points(d, 7);
  ASSERT_EQ(p.values.size(), 50u);
  for (const auto& v : p.values) {
    EXPECT_GE(v[0].number, 0.5);
    EXPECT_LE(v[0].number, 1.5);
    EXPECT_EQ(v[1].number, std::round(v[1].number));
    EXPECT_GE(v[1].number, 40.0);
    EXPECT_LE(v[1].number, 80.0);
  }
  // One point per tenth of the range in each tenth: the hypercube's strata.
  std::vector<int> strata(10, 0);
  for (const auto& v : p.values) ++strata[std::min(9, int((v[0].number - 0.5) * 10))];
  for (int count : strata) EXPECT_EQ(count, 5);
}

TEST_F(SweepDesignTest, SobolDesignHasSaltelliBlocks) {
  SweepDesign d = load_sweep_design(write(
      "method = \"sobol\"\nbase_samples = 8\n[[parameter]]\nname = \"staffing.officer_scale\"\n"
      "min = 0.5\nmax = 1.5\n[[parameter]]\nname = \"digital.remote_share\"\nmin = 0\nmax = 0.5\n"
      "[[parameter]]\nname = \"training.rnr_share\"\nmin = 0\nmax = 1\n"));
  SweepPoints p = generate_points(d, 1);
  ASSERT_EQ(p.values.size(), 8u * 5u);
  ASSERT_EQ(p.blocks.size(), p.values.size());
  EXPECT_EQ(p.blocks[0], "A");
  EXPECT_EQ(p.blocks[8], "B");
  EXPECT_EQ(p.blocks[16 + 8], "AB_2");
  // AB_2 is A with parameter 2 taken from B.
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(p.values[24 + i][0], p.values[i][0]);
    EXPECT_EQ(p.values[24 + i][1], p.values[8 + i][1]);
    EXPECT_EQ(p.values[24 + i][2], p.values[i][2]);
  }
}

TEST_F(SweepDesignTest, EveryProblemIsReportedAtOnce) {
  try {
    load_sweep_design(
        write("method = \"sobol\"\npoints = 4\nbootstrap = 5\noutputs = [\"reconviction_1\"]\n"
              "[set]\nrun.yeras = 2\n[[parameter]]\nname = \"contact.priority\"\nmin = 0\nmax = 1\n"
              "[[parameter]]\nname = \"run.seed\"\nvalues = [1, 2]\n"));
    FAIL() << "the design should be refused";
  } catch (const params::ScenarioError& error) {
    const std::string text = error.what();
    for (const char* expected :
         {"d.toml:3:10: key 'points': only a latin_hypercube design takes this key",
          "key 'base_samples': missing", "d.toml:4:13: key 'bootstrap': must be between 10",
          "unknown output 'reconviction_1'", "did you mean 'reconviction_1y'",
          "key 'set.run.yeras': unknown parameter",
          "key 'parameter.contact.priority': a choice parameter is swept by a list",
          "key 'parameter.run.seed': this parameter cannot be swept"})
      EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST_F(SweepDesignTest, FingerprintFollowsWhatDecidesTaskResults) {
  const fs::path file = write(
      "method = \"grid\"\n[[parameter]]\nname = \"staffing.officer_scale\""
      "\nvalues = [1.0, 1.2]\n");
  SweepDesign d = load_sweep_design(file);
  params::Scenario base = params::load_scenario(dir_ / "s.toml");
  SweepPoints p = generate_points(d, 1);
  const std::uint64_t fingerprint = make_plan(d, base, p).fingerprint;
  d.outputs = {"caseload_mean"};  // analysis only: the same tasks
  EXPECT_EQ(make_plan(d, base, p).fingerprint, fingerprint);
  params::Scenario reseeded = base;
  reseeded.values.set(params::ParamId::run_seed, {5.0, ""});
  EXPECT_NE(make_plan(d, reseeded, p).fingerprint, fingerprint);
  p.values[1][0].number = 1.3;
  EXPECT_NE(make_plan(d, base, p).fingerprint, fingerprint);
}

TEST_F(SweepDesignTest, JournalKeepsFinishedTasksAndCutsATornRecord) {
  const fs::path path = dir_ / "j.journal";
  {
    TaskResults results(4, 2);
    TaskJournal journal(path, 42, results);
    EXPECT_EQ(journal.recovered(), 0u);
    journal.record(2, std::vector<double>{1.5, 2.5});
    journal.record(0, std::vector<double>{-1.0, std::nan("")});
  }
  // A crash in the middle of the third record leaves half of it.
  const auto intact = fs::file_size(path);
  { std::ofstream(path, std::ios::app | std::ios::binary) << "12345678abc"; }
  {
    TaskResults results(4, 2);
    TaskJournal journal(path, 42, results);
    EXPECT_EQ(journal.recovered(), 2u);
    EXPECT_EQ(fs::file_size(path), intact) << "the torn record is cut off";
    EXPECT_TRUE(results.done[2] && results.done[0] && !results.done[1]);
    EXPECT_EQ(results.of(2)[1], 2.5);
    EXPECT_TRUE(std::isnan(results.of(0)[1]));
    journal.record(3, std::vector<double>{3.0, 4.0});
  }
  TaskResults again(4, 2);
  EXPECT_EQ(TaskJournal(path, 42, again).recovered(), 3u);
  TaskResults other(4, 2);
  EXPECT_THROW(TaskJournal(path, 43, other), JournalMismatch);
  TaskResults wider(4, 3);
  EXPECT_THROW(TaskJournal(path, 42, wider), JournalMismatch);
}

}  // namespace
}  // namespace spipsim::experiment
