// The per-site, per-year table: one row per (year, site), stocks averaged over the year's
// month ends, flows summed, ratios of the year's sums, outcomes of the year's index cohort.
#include "sim/experiment/outcomes/site_years.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

const std::vector<double>& doubles(const io::Table& t, const char* name) {
  const io::Column* c = t.find(name);
  EXPECT_NE(c, nullptr) << name;
  return std::get<std::vector<double>>(c->values);
}

TEST(SiteYears, OneRowPerYearAndSiteWithStocksFlowsAndRatios) {
  model::ReplicateOutput out = testing::two_site_output(0, 30);  // 2 whole years
  out.monthly[0].posts_funded = 12;  // site A, month 0
  out.monthly[0].officers_in_post = 9;
  io::Table t = site_year_table({out, testing::two_site_output(1, 30)});
  ASSERT_EQ(t.rows(), 4u);
  EXPECT_EQ(std::get<std::vector<std::string>>(t.find("site")->values),
            (std::vector<std::string>{"A", "B", "A", "B"}));
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(t.find("year")->values),
            (std::vector<std::int64_t>{0, 0, 1, 1}));
  EXPECT_DOUBLE_EQ(doubles(t, "cases_per_officer")[0], 300.0 / 8.0) << "community officers only";
  EXPECT_DOUBLE_EQ(doubles(t, "cases_per_officer")[1], 300.0 / 4.0);
  EXPECT_DOUBLE_EQ(doubles(t, "detained")[2], 100.0) << "a stock: mean of month ends";
  EXPECT_DOUBLE_EQ(doubles(t, "releases")[3], 120.0) << "a flow: sum over the year";
  EXPECT_DOUBLE_EQ(doubles(t, "assessment_wait_days")[0], 20.0);
  // Replicate 0: 3 vacant of 12 funded in the year; replicate 1 has no posts (undefined).
  EXPECT_DOUBLE_EQ(doubles(t, "vacancy_rate")[0], 3.0 / 12.0);
  EXPECT_TRUE(std::isnan(doubles(t, "vacancy_rate")[1]));
}

}  // namespace
}  // namespace spipsim::experiment
