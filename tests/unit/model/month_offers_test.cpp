// The offers of a market month (month_offers.hpp): the count is Poisson with the stated mean,
// the days are uniform over the month, and thinning at the month then accepting with the rest
// of the chance gives the hires of one draw per offer. Tolerances are 4 standard errors of
// the statistic, against the values the Poisson and uniform laws give exactly.
#include "sim/model/month_offers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace spipsim::model {
namespace {

constexpr std::uint64_t kSeed = 20250101;
constexpr int kMonths = 4000;

engine::RandomStream month_stream(std::uint64_t month) {
  return engine::RandomStream(kSeed, 0, 300, month << 17 | 7);
}

TEST(MonthOffers, CountPerMonthIsPoissonWithTheRate) {
  const double per_day = 1.25, days = 30.4375, mean = per_day * days;
  double sum = 0, sum2 = 0;
  for (int m = 0; m < kMonths; ++m) {
    auto rng = month_stream(m);
    const double n = draw_offers(rng, 0.0, days, mean, [](const MonthOffer&) {});
    sum += n;
    sum2 += n * n;
  }
  const double avg = sum / kMonths, var = sum2 / kMonths - avg * avg;
  EXPECT_NEAR(avg, mean, 4 * std::sqrt(mean / kMonths));
  // Poisson: variance = mean. SE of the sample variance: sqrt((mu + 2 mu^2) / n).
  EXPECT_NEAR(var, mean, 4 * std::sqrt((mean + 2 * mean * mean) / kMonths));
}

TEST(MonthOffers, DaysAreUniformOverTheMonth) {
  const double start = 400.0, days = 30.4375;
  std::vector<double> rel;
  for (int m = 0; m < 200; ++m) {
    auto rng = month_stream(m);
    draw_offers(rng, start, days, 50.0, [&](const MonthOffer& o) {
      ASSERT_GE(o.day, start);
      ASSERT_LT(o.day, start + days);
      rel.push_back((o.day - start) / days);
    });
  }
  ASSERT_GT(rel.size(), 5000u);
  const double n = double(rel.size());
  double first_half = 0, sum = 0;
  for (double u : rel) {
    sum += u;
    first_half += u < 0.5;
  }
  EXPECT_NEAR(sum / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(first_half / n, 0.5, 4 * std::sqrt(0.25 / n));
}

TEST(MonthOffers, SameKeySameOffersAndZeroMeanNone) {
  auto a = month_stream(12), b = month_stream(12);
  std::vector<double> da, db;
  draw_offers(a, 0.0, 30.0, 20.0,
              [&](const MonthOffer& o) { da.push_back(o.day + o.pick + o.accept); });
  draw_offers(b, 0.0, 30.0, 20.0,
              [&](const MonthOffer& o) { db.push_back(o.day + o.pick + o.accept); });
  EXPECT_EQ(da, db);
  auto c = month_stream(13);
  EXPECT_EQ(draw_offers(c, 0.0, 30.0, 0.0, [](const MonthOffer&) { FAIL(); }), 0u);
}

// Thinning: offers at rate v thinned to v * c at the month, each accepted with chance p / c,
// give accepted offers at rate v * p, what one event per offer accepted with chance p gives.
TEST(MonthOffers, ThinningThenAcceptingGivesTheRateOfAcceptedOffers) {
  const double per_day = 2.0, days = 30.4375, ceiling = 0.7, p = 0.175;
  double accepted = 0;
  for (int m = 0; m < kMonths; ++m) {
    auto rng = month_stream(m);
    draw_offers(rng, 0.0, days, per_day * ceiling * days,
                [&](const MonthOffer& o) { accepted += unit_interval(o.accept) * ceiling < p; });
  }
  const double expected = per_day * p * days;  // Poisson: SE sqrt(mean / months)
  EXPECT_NEAR(accepted / kMonths, expected, 4 * std::sqrt(expected / kMonths));
}

TEST(MonthOffers, UnitIntervalIsOpen) {
  EXPECT_GT(unit_interval(0), 0.0);
  EXPECT_LT(unit_interval(0xffffffffu), 1.0);
}

}  // namespace
}  // namespace spipsim::model
