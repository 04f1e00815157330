#include "sim/stats/kaplan_meier.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace spipsim::stats;

namespace {

// Freireich et al. (1963), 6-MP arm of the acute leukaemia remission trial: weeks in remission,
// 0 = censored. The classic worked example of Kaplan-Meier (Gehan 1965; Klein & Moeschberger
// section 4.2, whose table gives the survival and Greenwood standard errors below).
const std::vector<double> kWeeks = {6,  6,  6,  6,  7,  9,  10, 10, 11, 13, 16,
                                    17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
const std::vector<std::uint8_t> kRelapsed = {1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1,
                                             0, 0, 0, 1, 1, 0, 0, 0, 0, 0};

TEST(KaplanMeier, SixMpLeukaemiaTable) {
  const SurvivalTable km = kaplan_meier(kWeeks, kRelapsed);
  EXPECT_EQ(km.time, (std::vector<double>{6, 7, 10, 13, 16, 22, 23}));
  EXPECT_EQ(km.at_risk, (std::vector<std::int64_t>{21, 17, 15, 12, 11, 7, 6}));
  EXPECT_EQ(km.events, (std::vector<std::int64_t>{3, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(km.censored, (std::vector<std::int64_t>{1, 1, 2, 0, 3, 0, 5}));
  const std::vector<double> survival = {0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482};
  // log(-log) 95% band, as R's survfit(..., conf.type = "log-log") prints it.
  const std::vector<double> lo = {0.620, 0.563, 0.503, 0.432, 0.368, 0.268, 0.188};
  const std::vector<double> hi = {0.952, 0.923, 0.889, 0.849, 0.805, 0.747, 0.680};
  ASSERT_EQ(km.survival.size(), survival.size());
  for (std::size_t i = 0; i < survival.size(); ++i) {
    EXPECT_NEAR(km.survival[i], survival[i], 0.5e-4) << "row " << i;
    EXPECT_NEAR(km.lo[i], lo[i], 0.5e-3) << "row " << i;
    EXPECT_NEAR(km.hi[i], hi[i], 0.5e-3) << "row " << i;
  }
  EXPECT_DOUBLE_EQ(km.survival[0], 18.0 / 21.0);
}

TEST(KaplanMeier, SurvivalAtIsARightContinuousStep) {
  const SurvivalTable km = kaplan_meier(kWeeks, kRelapsed);
  EXPECT_EQ(survival_at(km, -1.0), 1.0);
  EXPECT_EQ(survival_at(km, 5.999), 1.0);
  EXPECT_EQ(survival_at(km, 6.0), km.survival[0]);
  EXPECT_EQ(survival_at(km, 6.5), km.survival[0]);
  EXPECT_EQ(survival_at(km, 7.0), km.survival[1]);
  EXPECT_EQ(survival_at(km, 1000.0), km.survival.back());
  EXPECT_TRUE(std::isnan(survival_at(km, std::nan(""))));
  EXPECT_EQ(survival_at(SurvivalTable{}, 3.0), 1.0);
}

TEST(KaplanMeier, EdgeCases) {
  // Everyone has the event at the last time: S drops to exactly 0, the band to [0, 0].
  const SurvivalTable all =
      kaplan_meier(std::vector<double>{1, 2, 2}, std::vector<std::uint8_t>{1, 1, 1});
  ASSERT_EQ(all.survival.size(), 2u);
  EXPECT_DOUBLE_EQ(all.survival[0], 2.0 / 3.0);
  EXPECT_EQ(all.survival[1], 0.0);
  EXPECT_EQ(all.lo.back(), 0.0);
  EXPECT_EQ(all.hi.back(), 0.0);
  // Censored before the first event are in no row; no events give an empty table.
  const SurvivalTable late =
      kaplan_meier(std::vector<double>{1, 1, 5, 9}, std::vector<std::uint8_t>{0, 0, 1, 0});
  EXPECT_EQ(late.at_risk, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(late.censored, (std::vector<std::int64_t>{1}));
  EXPECT_TRUE(kaplan_meier(std::vector<double>{3}, std::vector<std::uint8_t>{0}).time.empty());
  EXPECT_TRUE(kaplan_meier({}, {}).time.empty());
  EXPECT_THROW(kaplan_meier(std::vector<double>{1, 2}, std::vector<std::uint8_t>{1}),
               std::invalid_argument);
  EXPECT_THROW(kaplan_meier(std::vector<double>{1}, std::vector<std::uint8_t>{2}),
               std::invalid_argument);
  EXPECT_THROW(kaplan_meier(std::vector<double>{INFINITY}, std::vector<std::uint8_t>{1}),
               std::invalid_argument);
}

// Two million exponential durations (rate 1/100 days) censored by independent follow-ups
// uniform on [0, 400) days. The estimate must lie within 4 standard errors of the analytic
// survival exp(-t / 100), with the asymptotic KM variance
//   Var S(t) = S(t)^2 / n * integral_0^t lambda / P(X >= u) du,  P(X >= u) = e^(-lambda u) (1 - u /
//   400).
TEST(KaplanMeier, MatchesExponentialSurvivalOnTwoMillionObservations) {
  constexpr std::size_t n = 2'000'000;
  constexpr double rate = 0.01, follow_up = 400.0;
  std::mt19937_64 engine(2024);  // fully specified by the standard: same draws everywhere
  auto uniform = [&] { return (double(engine() >> 11) + 0.5) * 0x1.0p-53; };
  std::vector<double> times(n);
  std::vector<std::uint8_t> events(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double duration = -std::log(uniform()) / rate;
    const double censor = follow_up * uniform();
    times[i] = std::min(duration, censor);
    events[i] = duration <= censor;
  }
  // No time limit here (speed targets live in bench/): O(n log n) takes about 0.2 s, and a
  // quadratic slip would take hours and meet ctest's timeout.
  const SurvivalTable km = kaplan_meier(times, events);
  for (double t : {1.0, 10.0, 50.0, 100.0, 200.0, 300.0}) {
    const double truth = std::exp(-rate * t);
    double integral = 0.0;
    constexpr int steps = 10000;
    for (int k = 0; k < steps; ++k) {
      const double u = (k + 0.5) * t / steps;
      integral += rate / (std::exp(-rate * u) * (1.0 - u / follow_up)) * t / steps;
    }
    const double se = truth * std::sqrt(integral / double(n));
    EXPECT_LT(std::fabs(survival_at(km, t) - truth), 4.0 * se) << "t = " << t;
    const std::size_t row =
        std::size_t(std::upper_bound(km.time.begin(), km.time.end(), t) - km.time.begin()) - 1;
    EXPECT_LT(km.lo[row], km.survival[row]);
    EXPECT_GT(km.hi[row], km.survival[row]);
    EXPECT_NEAR(km.hi[row] - km.lo[row], 2 * 1.96 * se, 0.05 * 2 * 1.96 * se);
  }
  // Accounting identity between consecutive rows.
  for (std::size_t i = 0; i + 1 < km.time.size(); ++i)
    ASSERT_EQ(km.at_risk[i + 1], km.at_risk[i] - km.events[i] - km.censored[i]);
}

}  // namespace
