// Officers who come and go: funded posts become officers in post only after recruitment and
// initial training (exactly), vacancies open when officers quit, sustained overload raises
// the quit rate (against the exact binomial mean, in standard errors), a cut in posts
// cancels recruitments first, and at a site a dated "fund N more posts" reaches the caseload
// only after the lag.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>

#include "sim/engine/sim_time.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/workforce_pool.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

constexpr double kMonth = engine::kDaysPerMonth;
constexpr double kNoLoad = std::numeric_limits<double>::quiet_NaN();

WorkforceSettings no_quits(double lag_months, double ramp_months = 0, double capacity = 1) {
  WorkforceSettings s;
  s.quit_rate_per_year = 0;
  s.lag_days = lag_months * kMonth;
  s.ramp_days = ramp_months * kMonth;
  s.ramp_capacity = capacity;
  return s;
}

TEST(WorkforcePool, FundedPostsArriveOnlyAfterTheLag) {
  WorkforceSettings s = no_quits(18);
  WorkforcePool pool;
  pool.start(10, 0.0, s);
  EXPECT_EQ(pool.funded(), 10) << "no quits: no vacancy in the steady state";
  EXPECT_EQ(pool.in_post(), 10);
  pool.fund(15, 3 * kMonth, s);
  EXPECT_EQ(pool.funded(), 15);
  EXPECT_EQ(pool.in_post(), 10);
  EXPECT_EQ(pool.in_training(), 5);
  auto rng = [](int) { return 0.5; };
  for (int month = 4; month <= 30; ++month) {
    WorkforceStep step = pool.step(month * kMonth, kMonth, kNoLoad, rng, s);
    int expected = month < 3 + 18 ? 10 : 15;
    EXPECT_EQ(pool.in_post(), expected) << "month " << month;
    EXPECT_EQ(step.arrivals, month == 21 ? 5 : 0) << "month " << month;
    EXPECT_EQ(pool.in_post() + pool.in_training(), 15);
  }
}

TEST(WorkforcePool, NewcomersRampUpBeforeAFullCaseload) {
  WorkforceSettings s = no_quits(0, 12, 0.5);
  WorkforcePool pool;
  pool.start(10, 0.0, s);
  pool.fund(14, 0.0, s);  // no lag: in post at once, at half capacity for a year
  EXPECT_EQ(pool.in_post(), 14);
  EXPECT_DOUBLE_EQ(pool.full_equivalents(s), 12.0);
  auto rng = [](int) { return 0.5; };
  for (int month = 1; month <= 13; ++month) pool.step(month * kMonth, kMonth, kNoLoad, rng, s);
  EXPECT_DOUBLE_EQ(pool.full_equivalents(s), 14.0);
}

TEST(WorkforcePool, ACutCancelsRecruitmentsBeforeOfficersInPost) {
  WorkforceSettings s = no_quits(12);
  WorkforcePool pool;
  pool.start(20, 0.0, s);
  pool.fund(26, 0.0, s);
  pool.fund(22, 1.0, s);
  EXPECT_EQ(pool.in_post(), 20);
  EXPECT_EQ(pool.in_training(), 2);
  pool.fund(15, 2.0, s);
  EXPECT_EQ(pool.in_post(), 15);
  EXPECT_EQ(pool.in_training(), 0);
}

// Quits over many officers against the exact binomial mean: 4 standard errors.
int quits_at_load(double load) {
  WorkforceSettings s = no_quits(0);
  s.quit_rate_per_year = 0.1;
  s.overload_quit_slope = 2.0;
  s.overload_reference_cases = 50;
  WorkforcePool pool;
  pool.start(20000, 0.0, s);
  auto uniform = [](int post) { return engine::RandomStream(7, 0, 300, std::uint64_t(post)).uniform(); };
  return pool.step(12 * kMonth, 12 * kMonth, load, uniform, s).quits;
}

TEST(WorkforcePool, SustainedOverloadRaisesQuits) {
  for (double load : {40.0, 75.0}) {
    double hazard = 0.1 * (1 + 2.0 * std::max(0.0, load / 50 - 1));
    double p = 1 - std::exp(-hazard);
    double mean = 20000 * p, se = std::sqrt(20000 * p * (1 - p));
    EXPECT_NEAR(quits_at_load(load), mean, 4 * se) << "load " << load;
  }
  EXPECT_GT(quits_at_load(75), quits_at_load(40) * 1.5);
}

TEST(WorkforcePool, QuitsOpenVacanciesThatTheLagKeepsOpen) {
  WorkforceSettings s = no_quits(12);
  s.quit_rate_per_year = 0.2;
  WorkforcePool pool;
  pool.start(500, 0.0, s);
  // Steady state: 500 in post, 0.2 × 500 × 1 year = 100 in the pipeline.
  EXPECT_EQ(pool.in_post(), 500);
  EXPECT_EQ(pool.funded(), 600);
  double in_post = 0;
  for (int month = 1; month <= 48; ++month) {
    auto monthly = [month](int post) {
      return engine::RandomStream(3, 0, 300, std::uint64_t(post), std::uint32_t(month)).uniform();
    };
    pool.step(month * kMonth, kMonth, kNoLoad, monthly, s);
    if (month > 12) in_post += pool.in_post();
    EXPECT_EQ(pool.in_post() + pool.in_training(), 600) << "every vacancy is being filled";
  }
  EXPECT_NEAR(in_post / 36, 500, 15) << "the steady state holds (about 1.5 SE of a month's quits)";
  // Without a lag the same quits leave no vacancy at the step's end.
  WorkforcePool instant;
  WorkforceSettings no_lag = s;
  no_lag.lag_days = 0;
  instant.start(500, 0.0, no_lag);
  auto uniform = [](int post) { return engine::RandomStream(5, 0, 300, std::uint64_t(post)).uniform(); };
  instant.step(kMonth, kMonth, kNoLoad, uniform, no_lag);
  EXPECT_EQ(instant.in_post(), instant.funded());
}

// A site: "fund 10 more posts in Côte-d'Or from 2026" goes through recruitment (6 months) and
// ENAP training (12 months): officers in post rise by 10 exactly 18 months later (no quits).
TEST(SiteWorkforce, AddedPostsReachTheSiteAfterRecruitmentAndTraining) {
  params::Scenario s = params::load_scenario(std::filesystem::path(SPIPSIM_SOURCE_DIR) /
                                             "scenarios" / "small-site.toml");
  params::apply_override(s, "run.years", "3");
  params::apply_override(s, "run.warmup_years", "0.5");
  params::apply_override(s, "workforce.quit_rate_per_year", "0");
  params::apply_override(s, "workforce.ramp_months", "0");
  params::TimelineChange change;
  change.at = std::chrono::year_month_day{std::chrono::year{2025}, std::chrono::month{4},
                                          std::chrono::day{1}};
  change.sets.push_back({params::ParamId::staffing_added_posts, params::Value{0.0, "21:10"}});
  change.where = "test";
  s.timeline.push_back(change);
  ReplicateOutput out = run_replicate(s, 0, 42);
  ASSERT_EQ(out.monthly.size(), 36u);
  const MonthlySiteRecord& first = out.monthly.front();
  for (const MonthlySiteRecord& m : out.monthly) {
    SCOPED_TRACE("month " + std::to_string(m.month));
    // Month m ends (m + 1) × 30.44 days after 2025-01-01; the posts are funded on day 90,
    // within month 2.
    double funded_extra = m.month >= 2 ? 10 : 0;
    EXPECT_EQ(m.posts_funded, first.posts_funded + funded_extra);
    // The recruits are ready 18 months later (day 637.9) and take up their posts at the
    // next monthly step, the end of month 20 (day 639.2).
    double arrived = m.month >= 20 ? 10 : 0;
    EXPECT_EQ(m.officers_in_post, first.officers_in_post + arrived);
    EXPECT_EQ(m.officers_in_training, first.officers_in_training + funded_extra - arrived);
  }
}

}  // namespace
}  // namespace spipsim::model
