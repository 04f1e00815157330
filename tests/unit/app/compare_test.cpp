// The arithmetic of `spipsim compare`: paired differences, the cost per reconviction avoided
// and its fallbacks, and what the comparison file and console say. Synthetic data only.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "sim/app/console/comparison_printer.hpp"
#include "sim/experiment/outcomes/scenario_comparison.hpp"
#include "sim/experiment/results/comparison_writer.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/run_manifest.hpp"
#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Headline headline(std::vector<double> values, std::string unit = "people") {
  Headline h{"figure", "A figure", std::move(unit), HeadlineGroup::Workload, std::move(values), {}};
  h.interval = interval_over_replicates(h.per_replicate);
  return h;
}

TEST(ScenarioComparison, PairedDifferenceIsTheTIntervalOfTheDifferences) {
  FigureComparison c = compare_figure(headline({1, 2, 3, 4}), headline({1.5, 2.4, 3.6, 4.5}));
  // Differences 0.5, 0.4, 0.6, 0.5: mean 0.5, sd sqrt(0.02 / 3), t(0.975; 3) = 3.182446.
  const double half_width = 3.182446305284263 * std::sqrt(0.02 / 3.0) / 2.0;
  EXPECT_NEAR(c.difference.mean, 0.5, 1e-12);
  EXPECT_NEAR(c.difference.lo, 0.5 - half_width, 1e-9);
  EXPECT_NEAR(c.difference.hi, 0.5 + half_width, 1e-9);
  EXPECT_EQ(c.difference.n, 4u);
  EXPECT_NEAR(c.relative_change, 0.5 / 2.5, 1e-12);
  EXPECT_DOUBLE_EQ(c.base.mean, 2.5);
  EXPECT_DOUBLE_EQ(c.variant.mean, 3.0);
  // Far narrower than the spread of either side: the pairing removes the shared noise.
  EXPECT_LT(c.difference.hi - c.difference.lo, 0.2 * (c.base.hi - c.base.lo));
}

TEST(ScenarioComparison, PairsWithAnUndefinedSideAreLeftOut) {
  FigureComparison c = compare_figure(headline({1, kNaN, 3, 2}), headline({2, 5, kNaN, 4}));
  EXPECT_EQ(c.difference.n, 2u);
  EXPECT_DOUBLE_EQ(c.difference.mean, 1.5);          // (2 - 1) and (4 - 2)
  EXPECT_NEAR(c.relative_change, 1.5 / 1.5, 1e-12);  // base mean over the same pairs
  EXPECT_DOUBLE_EQ(c.base.mean, 2.0);                // the base's own summary
  FigureComparison none = compare_figure(headline({kNaN, 1}), headline({1, kNaN}));
  EXPECT_EQ(none.difference.n, 0u);
  EXPECT_TRUE(std::isnan(none.difference.mean));
  EXPECT_TRUE(std::isnan(none.relative_change));
}

TEST(ScenarioComparison, RelativeChangeOfAZeroBaseIsUndefined) {
  FigureComparison c = compare_figure(headline({0, 0, 0}), headline({1, 2, 3}));
  EXPECT_DOUBLE_EQ(c.difference.mean, 2.0);
  EXPECT_TRUE(std::isnan(c.relative_change));
}

TEST(ScenarioComparison, DifferentReplicateCountsAreRefused) {
  EXPECT_THROW(compare_figure(headline({1, 2}), headline({1, 2, 3})), std::invalid_argument);
}

TEST(CostPerReconvictionAvoided, RatioPerReplicateWhenEveryReplicateAvoidsSome) {
  // Extra cost 60, 30, 90 for 3, 2, 3 reconvictions avoided: 20, 15, 30 per reconviction.
  CostPerReconvictionAvoided e =
      cost_per_reconviction_avoided({100, 100, 100}, {160, 130, 190}, {10, 10, 10}, {7, 8, 7});
  EXPECT_EQ(e.method, RatioMethod::PerReplicate);
  stats::Interval expected = stats::mean_interval(std::vector<double>{20, 15, 30});
  EXPECT_NEAR(e.ratio.mean, 65.0 / 3.0, 1e-12);
  EXPECT_NEAR(e.ratio.lo, expected.lo, 1e-12);
  EXPECT_NEAR(e.ratio.hi, expected.hi, 1e-12);
  EXPECT_NEAR(e.cost_difference.mean, 60.0, 1e-12);
  EXPECT_NEAR(e.avoided.mean, 8.0 / 3.0, 1e-12);
}

TEST(CostPerReconvictionAvoided, RatioOfMeansWithoutIntervalWhenOneReplicateAvoidsNone) {
  // Avoided 3, -1, 4 (mean 2); extra cost 60, 30, 90 (mean 60): 30 per reconviction.
  CostPerReconvictionAvoided e =
      cost_per_reconviction_avoided({100, 100, 100}, {160, 130, 190}, {10, 10, 10}, {7, 11, 6});
  EXPECT_EQ(e.method, RatioMethod::RatioOfMeans);
  EXPECT_NEAR(e.ratio.mean, 30.0, 1e-12);
  EXPECT_TRUE(std::isnan(e.ratio.lo));
  EXPECT_TRUE(std::isnan(e.ratio.hi));
  // A zero denominator in one replicate is not "avoided" either.
  EXPECT_EQ(cost_per_reconviction_avoided({0, 0}, {1, 1}, {5, 5}, {5, 3}).method,
            RatioMethod::RatioOfMeans);
}

TEST(CostPerReconvictionAvoided, UndefinedWhenNothingIsAvoidedOnAverage) {
  CostPerReconvictionAvoided e =
      cost_per_reconviction_avoided({100, 100}, {160, 130}, {10, 10}, {12, 9});
  EXPECT_EQ(e.method, RatioMethod::NoneAvoided);
  EXPECT_TRUE(std::isnan(e.ratio.mean));
  EXPECT_NEAR(e.avoided.mean, -0.5, 1e-12);  // still reported: it says why
  EXPECT_EQ(ratio_method_text(e.method), "no reconvictions avoided");
}

TEST(CostPerReconvictionAvoided, ReplicatesWithANaNAreLeftOut) {
  CostPerReconvictionAvoided e =
      cost_per_reconviction_avoided({100, kNaN, 100}, {160, 1, 130}, {10, 10, 10}, {7, -5, 8});
  EXPECT_EQ(e.method, RatioMethod::PerReplicate);
  EXPECT_EQ(e.ratio.n, 2u);
  EXPECT_NEAR(e.ratio.mean, (20.0 + 15.0) / 2.0, 1e-12);
}

TEST(ScenarioComparison, DistinctNamesNumberTheRepeats) {
  EXPECT_EQ(distinct_names({"a", "b", "a", "a"}),
            (std::vector<std::string>{"a", "b", "a-2", "a-3"}));
}

// Two synthetic scenarios: the variant has one reconviction fewer per site-month and costs
// more, identically in every replicate but for a replicate-specific shift both share.
std::vector<ScenarioResult> synthetic_pair() {
  std::vector<model::ReplicateOutput> base, variant;
  for (std::uint32_t r = 0; r < 3; ++r) {
    model::ReplicateOutput b = testing::two_site_output(r, 24);
    for (auto& m : b.monthly) m.reconvictions = 5 + static_cast<int>(r);
    b.cost_prison_eur += 1000.0 * r;
    model::ReplicateOutput v = b;
    for (auto& m : v.monthly) m.reconvictions -= 1;
    v.cost_officers_eur += 24000.0 * (1 + 0.1 * r);  // 12,000 EUR/year more, and a bit
    base.push_back(std::move(b));
    variant.push_back(std::move(v));
  }
  RunInfo info;
  info.scenario = "base";
  info.replicates = 3;
  info.seed = 7;
  info.years = 2;
  info.command_line = "spipsim compare base.toml variant.toml";
  RunInfo variant_info = info;
  variant_info.scenario = "variant";
  return {scenario_result(info, base), scenario_result(variant_info, variant)};
}

TEST(ScenarioComparison, CompareAddsTheReconvictionFlowAndTheCostPerReconvictionAvoided) {
  std::vector<ScenarioResult> s = synthetic_pair();
  // Two sites, 24 months, 5 reconvictions per site-month in replicate 0: 120 per year.
  EXPECT_DOUBLE_EQ(s[0].reconvictions_per_year[0], 120.0);
  Comparison c = compare(s[0], s[1]);
  ASSERT_EQ(c.figures.size(), s[0].analysis.summary.headlines.size() + 1);
  const FigureComparison* flow = c.find("reconvictions_per_year");
  ASSERT_NE(flow, nullptr);
  EXPECT_NEAR(flow->difference.mean, -24.0, 1e-9);  // 2 sites x 12 months x 1
  EXPECT_NEAR(flow->difference.hi - flow->difference.lo, 0.0, 1e-9);
  EXPECT_EQ(c.cost_per_reconviction.method, RatioMethod::PerReplicate);
  // 12,000 x (1, 1.1, 1.2) EUR/year for 24 reconvictions a year.
  EXPECT_NEAR(c.cost_per_reconviction.ratio.mean, 12000.0 * 1.1 / 24.0, 1e-6);
  const FigureComparison* prison = c.find("cost_prison_per_year");
  ASSERT_NE(prison, nullptr);
  EXPECT_NEAR(prison->difference.mean, 0.0, 1e-9);  // the shared shift cancels in pairs
  EXPECT_GT(prison->base.hi - prison->base.lo, 100.0);

  ScenarioResult other_seed = s[1];
  other_seed.info.seed = 8;
  EXPECT_THROW(compare(s[0], other_seed), std::invalid_argument);
}

TEST(ScenarioComparison, ConsoleAndJsonCarryTheDifferences) {
  std::vector<ScenarioResult> s = synthetic_pair();
  std::vector<Comparison> c = {compare(s[0], s[1])};
  std::ostringstream text, json;
  print_comparison(text, s, c);
  print_comparison_json(json, s, c);
  EXPECT_NE(text.str().find("variant against base"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("Contacts delivered / due"), std::string::npos);
  EXPECT_NE(text.str().find(" pp "), std::string::npos);  // shares differ in points
  EXPECT_NE(text.str().find("Cost per reconviction avoided"), std::string::npos);
  EXPECT_NE(text.str().find("-24.0 [-24.0, -24.0]"), std::string::npos) << text.str();
  EXPECT_NE(json.str().find("\"kind\": \"compare\""), std::string::npos);
  EXPECT_NE(json.str().find("\"method\": \"per_replicate\""), std::string::npos);
  EXPECT_EQ(json.str().find("nan"), std::string::npos);  // NaN is null in JSON
}

TEST(ScenarioComparison, FileHoldsTheManifestEveryScenarioAndTheComparison) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("spipsim_compare_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<ScenarioResult> s = synthetic_pair();
  std::vector<Comparison> c = {compare(s[0], s[1])};
  write_comparison(dir / "c.h5", s, c);

  io::H5FileReader reader = io::H5FileReader::open(dir / "c.h5");
  EXPECT_EQ(reader.string_attribute("/", "spipsim_kind"), "compare");
  EXPECT_EQ(io::read_manifest(reader).kind, "compare");
  EXPECT_EQ(reader.int_attribute("/manifest", "variants"), 1);
  for (const char* path : {"/scenarios/base/summary", "/scenarios/variant/replicates",
                           "/scenarios/variant/breakdowns/site", "/scenario_list"})
    EXPECT_TRUE(reader.has(path)) << path;
  io::Table table = reader.table("/comparison/variant");
  std::vector<std::string> names;
  for (const io::Column& column : table.columns) names.push_back(column.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"name", "label", "unit", "base_mean", "variant_mean",
                                      "diff_mean", "diff_lo", "diff_hi", "relative_change", "n"}));
  EXPECT_EQ(table.rows(), c[0].figures.size());
  EXPECT_EQ(reader.string_attribute("/comparison/variant", "cost_per_reconviction_avoided_method"),
            "per_replicate");
  EXPECT_NEAR(reader.number_attribute("/comparison/variant", "cost_per_reconviction_avoided"),
              c[0].cost_per_reconviction.ratio.mean, 1e-9);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spipsim::experiment
