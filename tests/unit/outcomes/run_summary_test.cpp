#include "sim/experiment/outcomes/run_summary.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

using testing::exponential_persons;
using testing::two_site_output;

const Headline& headline(const RunSummary& s, std::string_view name) {
  const Headline* h = s.find(name);
  EXPECT_NE(h, nullptr) << name;
  return *h;
}

TEST(RunSummary, ReconvictionMatchesTheExponentialSurvivalFunction) {
  // Hazard 0.3/year; follow-up 2 to 6 years, so the 1-, 2- and 3-year figures are defined.
  const double rate = 0.3 / 365.25;
  model::ReplicateOutput out = two_site_output(0, 72);
  out.persons = exponential_persons(4000, rate, 2 * 365.25, 6 * 365.25, 7);
  RunSummary summary = summarise({out});

  EventSample sample;
  for (const auto& p : out.persons) sample.add(p, Outcome::Reconviction);
  for (int years : {1, 2, 3}) {
    double t = years * 365.25;
    Incidence i = incidence_at(sample, t);
    // Greenwood standard error from the 95% band (on the log-log scale it is asymmetric;
    // half its width over 1.96 is close enough for a 4 SE tolerance).
    double se = (i.hi - i.lo) / (2 * 1.96);
    ASSERT_GT(se, 0.0);
    double expected = 1.0 - std::exp(-rate * t);
    double got = headline(summary, "reconviction_" + std::to_string(years) + "y").per_replicate[0];
    EXPECT_NEAR(got, expected, 4 * se) << years << " years";
    EXPECT_DOUBLE_EQ(got, i.value);
  }
}

TEST(RunSummary, FiguresBeyondTheFollowUpAreUndefinedNotExtrapolated) {
  model::ReplicateOutput out = two_site_output(0, 12);
  out.persons = exponential_persons(500, 0.5 / 365.25, 100, 400, 3);
  RunSummary summary = summarise({out});
  EXPECT_FALSE(std::isnan(headline(summary, "reconviction_1y").per_replicate[0]));
  EXPECT_TRUE(std::isnan(headline(summary, "reconviction_2y").per_replicate[0]));
  EXPECT_TRUE(std::isnan(headline(summary, "reconviction_5y").interval.mean));
  EXPECT_EQ(headline(summary, "reconviction_5y").interval.n, 0u);
}

TEST(RunSummary, EveryoneReconvictedEarlyGivesOneNotUndefined) {
  model::ReplicateOutput out = two_site_output(0, 12);
  for (int i = 0; i < 10; ++i) out.persons.push_back(testing::person(i, 10.0 + i, true));
  RunSummary summary = summarise({out});
  EXPECT_DOUBLE_EQ(headline(summary, "reconviction_5y").per_replicate[0], 1.0);
}

TEST(RunSummary, SharesCountOnlyKnownOutcomes) {
  model::ReplicateOutput out = two_site_output(0, 12);
  std::int8_t employed[] = {1, 0, -1, 1, -1};
  for (int i = 0; i < 5; ++i) {
    model::PersonRecord p = testing::person(i, 400, false);
    p.employed_12m = employed[i];
    p.housed_12m = 1;
    p.origin = i < 4 ? model::Origin::Prison : model::Origin::Community;
    // Released: supervised, sortie seche, supervised; one prisoner never released.
    const model::ReleaseType types[] = {model::ReleaseType::SemiLiberte,
                                        model::ReleaseType::SortieSeche,
                                        model::ReleaseType::LiberationConditionnelle,
                                        model::ReleaseType::None, model::ReleaseType::None};
    p.release_type = types[i];
    out.persons.push_back(p);
  }
  RunSummary summary = summarise({out});
  EXPECT_DOUBLE_EQ(headline(summary, "employed_12m").per_replicate[0], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(headline(summary, "housed_12m").per_replicate[0], 1.0);
  EXPECT_TRUE(std::isnan(headline(summary, "reintegrated_12m").per_replicate[0]));
  EXPECT_DOUBLE_EQ(headline(summary, "supervised_release_share").per_replicate[0], 2.0 / 3.0);
}

TEST(RunSummary, CaseloadIsTheMeanOverMonthsOfEachMonthsDistribution) {
  model::ReplicateOutput out = two_site_output(0, 2);
  out.officer_caseloads_by_month = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {20, 20, 20, 20}};
  RunSummary summary = summarise({out});
  // Month 1: mean 5.5, median 5.5, type-7 p90 = 9.1, max 10. Month 2: all 20.
  EXPECT_DOUBLE_EQ(headline(summary, "caseload_mean").per_replicate[0], (5.5 + 20) / 2);
  EXPECT_DOUBLE_EQ(headline(summary, "caseload_p50").per_replicate[0], (5.5 + 20) / 2);
  EXPECT_NEAR(headline(summary, "caseload_p90").per_replicate[0], (9.1 + 20) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(headline(summary, "caseload_max").per_replicate[0], (10.0 + 20) / 2);
  EXPECT_EQ(headline(summary, "caseload_p90").unit, "cases/officer");
}

TEST(RunSummary, FlowsAndCostsArePerYearOfTheWindow) {
  model::ReplicateOutput out = two_site_output(0, 24);
  RunSummary summary = summarise({out});
  // Two sites x 12 months x 200 due per year; 150 delivered.
  EXPECT_DOUBLE_EQ(headline(summary, "contacts_due_per_year").per_replicate[0], 4800);
  EXPECT_DOUBLE_EQ(headline(summary, "contacts_delivered_per_year").per_replicate[0], 3600);
  EXPECT_DOUBLE_EQ(headline(summary, "contacts_delivered_ratio").per_replicate[0], 0.75);
  EXPECT_DOUBLE_EQ(headline(summary, "releases_per_year").per_replicate[0], 240);
  EXPECT_DOUBLE_EQ(headline(summary, "assessment_wait_days").per_replicate[0], 20);
  EXPECT_DOUBLE_EQ(headline(summary, "partner_wait_employment_days").per_replicate[0], 30);
  EXPECT_TRUE(std::isnan(headline(summary, "partner_wait_housing_days").per_replicate[0]));
  EXPECT_DOUBLE_EQ(headline(summary, "detained").per_replicate[0], 200);
  EXPECT_DOUBLE_EQ(headline(summary, "supervised").per_replicate[0], 600);
  EXPECT_DOUBLE_EQ(headline(summary, "cost_officers_per_year").per_replicate[0], 120000);
  EXPECT_DOUBLE_EQ(headline(summary, "cost_total_per_year").per_replicate[0], 360000);
  EXPECT_EQ(headline(summary, "cost_total_per_year").unit, "EUR/year");
}

TEST(RunSummary, IntervalIsOverReplicates) {
  std::vector<model::ReplicateOutput> outputs;
  for (std::uint32_t r = 0; r < 4; ++r) {
    outputs.push_back(two_site_output(r, 12));
    outputs.back().cost_prison_eur = 1000.0 * (r + 1);  // 1000, 2000, 3000, 4000 per year
  }
  const Headline& h = headline(summarise(outputs), "cost_prison_per_year");
  ASSERT_EQ(h.per_replicate.size(), 4u);
  EXPECT_DOUBLE_EQ(h.interval.mean, 2500);
  EXPECT_EQ(h.interval.n, 4u);
  EXPECT_LT(h.interval.lo, 2500);
  EXPECT_GT(h.interval.hi, 2500);
}

TEST(RunSummary, OneReplicateGivesADegenerateInterval) {
  const Headline& h = headline(summarise({two_site_output(0, 12)}), "detained");
  EXPECT_EQ(h.interval.n, 1u);
  EXPECT_DOUBLE_EQ(h.interval.mean, 200);
  EXPECT_DOUBLE_EQ(h.interval.lo, 200);
  EXPECT_DOUBLE_EQ(h.interval.hi, 200);
}

TEST(RunSummary, UndefinedReplicatesAreLeftOutOfTheInterval) {
  std::vector<double> values = {0.2, std::nan(""), 0.4};
  stats::Interval i = interval_over_replicates(values);
  EXPECT_EQ(i.n, 2u);
  EXPECT_DOUBLE_EQ(i.mean, 0.3);
  EXPECT_TRUE(std::isnan(interval_over_replicates({}).mean));
}

TEST(RunSummary, NamesAreUniqueSnakeCaseAndGrouped) {
  RunSummary summary = summarise({});
  ASSERT_FALSE(summary.headlines.empty());
  int previous_group = 0;
  for (const Headline& h : summary.headlines) {
    EXPECT_EQ(summary.find(h.name), &h) << "duplicate " << h.name;
    for (char c : h.name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << h.name;
    EXPECT_FALSE(h.label.empty());
    EXPECT_GE(static_cast<int>(h.group), previous_group) << h.name << " breaks the grouping";
    previous_group = static_cast<int>(h.group);
  }
}

}  // namespace
}  // namespace spipsim::experiment
