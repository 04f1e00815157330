#include "sim/experiment/results/results_writer.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>

#include "sim/experiment/run/interrupted.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/run_manifest.hpp"
#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

class ResultsWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("spipsim_results_writer_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (std::uint32_t r = 0; r < 2; ++r) {
      outputs_.push_back(testing::two_site_output(r, 24));
      outputs_.back().persons = testing::exponential_persons(200, 0.3 / 365.25, 300, 700, r);
      outputs_.back().persons[0].employed_12m = 1;
    }
    info_.scenario = "test \"scenario\"";
    info_.description = "A synthetic run.";
    info_.resolved_toml = "[run]\nyears = 2.0\n";
    info_.command_line = "spipsim run test.toml";
    info_.replicates = 2;
    info_.seed = 42;
    info_.years = 2;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::vector<model::ReplicateOutput> outputs_;
  RunInfo info_;
};

TEST_F(ResultsWriterTest, RoundTripHasEveryGroupAndTheComputedSummary) {
  RunAnalysis analysis = analyse(outputs_, kConfidenceLevel, true);
  fs::path file = dir_ / "run.h5";
  write_results(file, info_, analysis, ResultsOptions{true, {}});
  ASSERT_TRUE(fs::exists(file));
  EXPECT_FALSE(fs::exists(dir_ / "run.h5.tmp"));

  io::H5FileReader reader = io::H5FileReader::open(file);
  for (const char* group :
       {"/manifest", "/summary", "/replicates", "/timeseries/national", "/timeseries/sites",
        "/survival/reconviction", "/survival/reconviction_monthly", "/breakdowns/age_group",
        "/breakdowns/sex", "/breakdowns/risk_tier", "/breakdowns/release_type", "/breakdowns/site",
        "/sites", "/persons"})
    EXPECT_TRUE(reader.has(group)) << group;

  io::RunManifest manifest = io::read_manifest(reader);
  EXPECT_EQ(manifest.scenario_name, info_.scenario);
  EXPECT_EQ(manifest.seed, 42u);
  EXPECT_EQ(manifest.replicates, 2);
  EXPECT_EQ(reader.string_attribute("/manifest", "start_date"), "2025-01");

  io::Table summary = reader.table("/summary");
  const auto& names = std::get<std::vector<std::string>>(summary.find("name")->values);
  const auto& means = std::get<std::vector<double>>(summary.find("mean")->values);
  const auto& his = std::get<std::vector<double>>(summary.find("hi")->values);
  ASSERT_EQ(names.size(), analysis.summary.headlines.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Headline& h = analysis.summary.headlines[i];
    EXPECT_EQ(names[i], h.name);
    // Bit-for-bit: NaN where undefined, the same double otherwise.
    EXPECT_TRUE(same(means[i], h.interval.mean)) << h.name;
    EXPECT_TRUE(same(his[i], h.interval.hi)) << h.name;
  }
  for (const io::Column& c : summary.columns) EXPECT_FALSE(c.description.empty()) << c.name;

  io::Table replicates = reader.table("/replicates");
  EXPECT_EQ(replicates.rows(), 2 * analysis.summary.headlines.size());

  io::Table national = reader.table("/timeseries/national");
  EXPECT_EQ(national.rows(), 24u);
  const auto& dates = std::get<std::vector<std::string>>(national.find("date")->values);
  EXPECT_EQ(dates.front(), "2025-01");
  EXPECT_EQ(dates.back(), "2026-12");

  io::Table persons = reader.table("/persons");
  EXPECT_EQ(persons.rows(), 400u);
  const auto& employed = std::get<std::vector<double>>(persons.find("employed_12m")->values);
  EXPECT_EQ(employed[0], 1.0);
  EXPECT_TRUE(std::isnan(employed[1]));
  const auto& sites = std::get<std::vector<std::string>>(persons.find("site")->values);
  EXPECT_EQ(sites[0], "A");
  for (const io::Column& c : persons.columns) EXPECT_FALSE(c.description.empty()) << c.name;

  io::Table site_table = reader.table("/sites");
  EXPECT_EQ(std::get<std::vector<std::string>>(site_table.find("code")->values),
            (std::vector<std::string>{"A", "B"}));
}

TEST_F(ResultsWriterTest, PersonTableOnlyWhenAsked) {
  fs::path file = dir_ / "run.h5";
  write_results(file, info_, analyse(outputs_));
  io::H5FileReader reader = io::H5FileReader::open(file);
  EXPECT_FALSE(reader.has("/persons"));
}

TEST_F(ResultsWriterTest, CancelledBeforeCommitLeavesNoFile) {
  fs::path file = dir_ / "run.h5";
  ResultsOptions options;
  options.cancelled = [] { return true; };
  EXPECT_THROW(write_results(file, info_, analyse(outputs_), options), Interrupted);
  EXPECT_FALSE(fs::exists(file));
  EXPECT_FALSE(fs::exists(dir_ / "run.h5.tmp"));
}

}  // namespace
}  // namespace spipsim::experiment
