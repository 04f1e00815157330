// Little's law on the whole model. With no prison flows, no reconviction (so no new
// measures), no missed contacts and no non-compliance (so no revocations) and no moves, a
// site's community caseload is a pure M/G/infinity system: measures start as a Poisson stream of rate lambda
// and last D days (lognormal), whatever the officers do. After a warm-up long enough for
// the initial stock to have left, the mean number supervised is L = lambda E[D] exactly.
//
// Truth, computed here independently of the model: lambda = entries.community_per_year x
// (site population / national population of the départements with figures, read from
// data/departements.csv) / 365.25 per day, and E[D] = entries.community_measure_mean_days.
// (A one-site configuration is a scaled copy of France the size of its population, whatever
// the site's unemployment: docs/model.md, section 1.)
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::model {
namespace {

namespace fs = std::filesystem;
using params::ParamId;

// Tolerance of both comparisons, in standard errors.
constexpr double kTolerance = 4.0;
constexpr int kReplicates = 6;
constexpr std::uint64_t kSeed = 20250101;

// Population of `code` over the sum of every row that has a population.
double population_share(const fs::path& csv, const std::string& code) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  double national = 0, site = 0;
  while (std::getline(in, line)) {
    // The name and region columns hold no commas or quotes in this file: split plainly.
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    if (cells.size() < 4 || cells[3].empty()) continue;
    double population = std::stod(cells[3]);
    national += population;
    if (cells[0] == code) site = population;
  }
  return site / national;
}

params::Scenario pure_community_caseload() {
  params::Scenario s =
      params::load_scenario(fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml");
  const char* overrides[][2] = {
      {"entries.prison_per_year", "0"},
      {"entries.stock_detained", "0"},
      {"recidivism.baseline_0_1m", "0"},
      {"recidivism.baseline_1_6m", "0"},
      {"recidivism.baseline_6_12m", "0"},
      {"recidivism.baseline_12_24m", "0"},
      {"recidivism.baseline_24_36m", "0"},
      {"recidivism.baseline_36_60m", "0"},
      {"recidivism.baseline_60_plusm", "0"},
      {"contact.miss_probability", "0"},
      {"violations.noncompliance_per_year", "0"},  // no breach, so no revocation
      {"mobility.moves_per_year", "0"},
      {"sentence.community_share_tig", "0"},   // every measure lasts its lognormal length:
      {"sentence.community_share_ddse", "0"},  // no TIG placement, no DDSE sentence
      {"run.years", "4"},
      {"run.warmup_years", "6"},  // 10 mean measure lengths: the stock has left
  };
  for (auto& [name, value] : overrides) params::apply_override(s, name, value);
  return s;
}

struct MeanAndError {
  double mean = 0, se = 0;
};

// The standard error of the mean, from the project's own estimator (stats::mean_interval).
MeanAndError mean_and_error(const std::vector<double>& xs) {
  stats::Interval i = stats::mean_interval(xs);
  return {i.mean, i.sd / std::sqrt(double(i.n))};
}

TEST(LittlesLaw, CommunityCaseloadIsLambdaTimesMeanMeasureLength) {
  params::Scenario s = pure_community_caseload();
  const params::Parameters& p = s.values;
  ASSERT_EQ(p.text(ParamId::world_sites), "21");
  double share = population_share(fs::path(SPIPSIM_SOURCE_DIR) / "data" / "departements.csv", "21");
  ASSERT_GT(share, 0.0);
  const double lambda_per_day = p.real(ParamId::entries_community_per_year) * share / 365.25;
  const double mean_days = p.real(ParamId::entries_community_measure_mean_days);
  const double truth_l = lambda_per_day * mean_days;
  const double days_per_month = 365.25 / 12;

  std::vector<double> caseload;  // per replicate: mean of the month-end counts
  double entries = 0, months = 0;
  for (std::uint32_t r = 0; r < kReplicates; ++r) {
    ReplicateOutput out = run_replicate(s, r, kSeed);
    ASSERT_EQ(out.sites.size(), 1u);
    double sum = 0;
    for (const MonthlySiteRecord& m : out.monthly) {
      sum += m.supervised;
      entries += m.entries_community;
      EXPECT_EQ(m.entries_prison, 0);
      EXPECT_EQ(m.reconvictions, 0);
      EXPECT_EQ(m.revocations, 0);
    }
    caseload.push_back(sum / double(out.monthly.size()));
    months += double(out.monthly.size());
  }
  MeanAndError l = mean_and_error(caseload);
  std::printf("supervised %.1f +- %.1f vs lambda E[D] = %.1f (%.2f SE, relative error %+.2f%%)\n",
              l.mean, l.se, truth_l, (l.mean - truth_l) / l.se, 100 * (l.mean / truth_l - 1));
  // Within 4 standard errors of the replicate means.
  EXPECT_LE(std::abs(l.mean - truth_l), kTolerance * l.se)
      << "mean supervised " << l.mean << " vs lambda E[D] " << truth_l << ": more than 4 SE (SE "
      << l.se << ", relative error " << l.mean / truth_l - 1 << ")";

  // Entries: a Poisson count over all months, so the SE of the monthly mean is
  // sqrt(lambda month / months). Within 4 SE.
  double expected = lambda_per_day * days_per_month;
  double measured = entries / months;
  double se = std::sqrt(expected / months);
  std::printf("entries per month %.2f vs %.2f (%.2f SE)\n", measured, expected,
              (measured - expected) / se);
  EXPECT_LE(std::abs(measured - expected), kTolerance * se)
      << "community entries per month " << measured << " vs lambda x month " << expected
      << ": more than 4 SE (SE " << se << ")";
}

}  // namespace
}  // namespace spipsim::model
