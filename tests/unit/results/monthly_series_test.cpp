#include "sim/experiment/outcomes/monthly_series.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/experiment/outcomes/reconviction_survival.hpp"
#include "sim/experiment/results/results_tables.hpp"
#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

TEST(MonthlySeries, NationalSumsSitesAndAveragesReplicates) {
  std::vector<model::ReplicateOutput> outputs = {testing::two_site_output(0, 3),
                                                 testing::two_site_output(1, 3)};
  outputs[1].monthly[0].detained = 300;  // month 0, site A: 100 -> 300
  MonthlySeries national = national_series(outputs);
  ASSERT_EQ(national.rows(), 3u);
  EXPECT_TRUE(national.site.empty());
  const Series* detained = national.find("detained");
  ASSERT_NE(detained, nullptr);
  EXPECT_DOUBLE_EQ(detained->values[0], (200 + 400) / 2.0);
  EXPECT_DOUBLE_EQ(detained->values[1], 200);
  EXPECT_DOUBLE_EQ(national.find("assessment_wait_days")->values[2], 20);
  EXPECT_DOUBLE_EQ(national.find("caseload_max")->values[0], 10);
  EXPECT_NEAR(national.find("caseload_p90")->values[0], 9.1, 1e-12);
  EXPECT_DOUBLE_EQ(national.find("partner_queue_housing")->values[0], 6);
  for (const char* name :
       {"entries", "releases", "releases_supervised", "reconvictions", "revocations",
        "technical_violations", "contacts_due", "contacts_delivered", "contacts_missed",
        "caseload_mean", "employed", "housed", "hours_contacts", "hours_admin"})
    EXPECT_NE(national.find(name), nullptr) << name;
}

TEST(MonthlySeries, SitesHaveOneRowPerMonthAndSite) {
  MonthlySeries sites = site_series({testing::two_site_output(0, 2)});
  ASSERT_EQ(sites.rows(), 4u);
  EXPECT_EQ(sites.site, (std::vector<std::string>{"A", "B", "A", "B"}));
  EXPECT_EQ(sites.month, (std::vector<std::int64_t>{0, 0, 1, 1}));
  EXPECT_DOUBLE_EQ(sites.find("cases_per_officer")->values[1], 300.0 / 5.0);
}

TEST(MonthlySeries, DatesCountCalendarMonthsFromTheStart) {
  using namespace std::chrono;
  year_month_day start{year{2025}, month{11}, day{15}};
  EXPECT_EQ(month_label(start, 0), "2025-11");
  EXPECT_EQ(month_label(start, 2), "2026-01");
  EXPECT_EQ(month_label(start, 26), "2028-01");
}

TEST(ReconvictionSurvival, MonthlyCurveStartsAtOneAndPooledStopsAtTheHorizon) {
  std::vector<model::ReplicateOutput> outputs;
  for (std::uint32_t r = 0; r < 3; ++r) {
    outputs.push_back(testing::two_site_output(r, 84));
    outputs.back().persons = testing::exponential_persons(300, 0.3 / 365.25, 2000, 2500, r);
  }
  ReconvictionSurvival s = reconviction_survival(outputs, 0.95);
  ASSERT_EQ(s.month.size(), 61u);
  EXPECT_DOUBLE_EQ(s.mean[0], 1.0);
  EXPECT_EQ(s.replicates[60], 3);
  EXPECT_NEAR(s.mean[12], std::exp(-0.3), 0.05);
  EXPECT_LE(s.lo[12], s.mean[12]);
  EXPECT_GE(s.hi[12], s.mean[12]);
  ASSERT_FALSE(s.pooled.time.empty());
  EXPECT_LE(s.pooled.time.back(), 5 * 365.25);
  for (std::size_t i = 1; i < s.pooled.survival.size(); ++i)
    EXPECT_LE(s.pooled.survival[i], s.pooled.survival[i - 1]);
}

}  // namespace
}  // namespace spipsim::experiment
