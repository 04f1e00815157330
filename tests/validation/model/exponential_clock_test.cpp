// The exponential-clock method of the recidivism model (docs/model.md §9): a person draws
// E ~ Exp(1) once per episode and offends when the cumulative hazard m H0(t) reaches E, so
// P(T > t) = exp(-m H0(t)). HazardModel::time_to_reach solves for that crossing; here
// 200,000 people per case are pushed through it and their empirical survival is compared
// with the analytic one, H0 being integrated in this file from the piecewise-constant
// baseline rates of the parameter table (not with HazardModel::cumulative).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/engine/distributions.hpp"
#include "sim/engine/random_stream.hpp"
#include "sim/model/hazard_model.hpp"
#include "sim/model/purposes.hpp"

namespace spipsim::model {
namespace {

using params::ParamId;

// Tolerance of every comparison in this file, in binomial standard errors.
constexpr double kTolerance = 4.0;
constexpr int kPeople = 200000;
constexpr double kDaysPerMonth = 365.25 / 12.0;

constexpr std::array<ParamId, 7> kBaseline = {
    ParamId::recidivism_baseline_0_1m,    ParamId::recidivism_baseline_1_6m,
    ParamId::recidivism_baseline_6_12m,   ParamId::recidivism_baseline_12_24m,
    ParamId::recidivism_baseline_24_36m,  ParamId::recidivism_baseline_36_60m,
    ParamId::recidivism_baseline_60_plusm};
constexpr std::array<double, 8> kBandStartMonths = {0, 1, 6, 12, 24, 36, 60, INFINITY};

// Baseline cumulative hazard at t months: sum over bands of rate (per month) x overlap.
double baseline_cumulative(const params::Parameters& p, double months) {
  double h = 0;
  for (std::size_t b = 0; b < kBaseline.size(); ++b) {
    double overlap = std::min(months, kBandStartMonths[b + 1]) - kBandStartMonths[b];
    if (overlap > 0) h += p.real(kBaseline[b]) * overlap;
  }
  return h;
}

// The thresholds, drawn as Site::start_episode draws them (person id, episode 1).
std::vector<double> thresholds() {
  std::vector<double> e(kPeople);
  for (int i = 0; i < kPeople; ++i) {
    engine::RandomStream rng(20250101, 0, kPurposeThreshold, std::uint64_t(i), 1);
    e[std::size_t(i)] = engine::exponential(rng, 1.0);
  }
  return e;
}

// Compares the share of crossing times beyond t with `survival(t)` at each check point.
template <class Survival>
void expect_survival(const std::vector<double>& crossing_days, Survival survival,
                     const char* label) {
  for (double months : {1.0, 3.0, 6.0, 12.0, 18.0, 24.0, 36.0, 60.0, 84.0}) {
    double t = months * kDaysPerMonth;
    double alive = 0;
    for (double x : crossing_days) alive += x > t;
    double measured = alive / kPeople;
    double truth = survival(months);
    double se = std::sqrt(truth * (1 - truth) / kPeople);
    std::printf("%s S(%g months): %.5f vs %.5f (%.2f SE)\n", label, months, measured, truth,
                (measured - truth) / se);
    // Within 4 binomial standard errors of the analytic survival.
    EXPECT_LE(std::abs(measured - truth), kTolerance * se)
        << label << ": S(" << months << " months) = " << measured << " vs exp(-m H0) = " << truth
        << ", more than 4 SE (SE " << se << ")";
  }
}

class ExponentialClock : public ::testing::Test {
 protected:
  std::vector<double> e_ = thresholds();
};

TEST_F(ExponentialClock, ReferencePersonWithDefaultRates) {
  params::Parameters p;
  HazardModel model(p);
  std::vector<double> crossing(kPeople);
  for (int i = 0; i < kPeople; ++i) crossing[i] = model.time_to_reach(0, e_[i], 1.0);
  expect_survival(
      crossing, [&](double t) { return std::exp(-baseline_cumulative(p, t)); }, "m=1");
}

TEST_F(ExponentialClock, HighRiskYoungManMultiplier) {
  params::Parameters p;
  HazardModel model(p);
  Covariates x = Covariates::Zero();
  x[kAge18to20] = 1;
  x[kRiskHigh] = 1;
  x[kLogPriors] = std::log1p(3.0);
  x[kUnmetNeeds] = 2;
  double m = model.multiplier(x);
  double expected_m = std::exp(p.real(ParamId::recidivism_beta_age_18_20) +
                               p.real(ParamId::recidivism_beta_risk_high) +
                               p.real(ParamId::recidivism_beta_priors) * std::log1p(3.0) +
                               2 * p.real(ParamId::recidivism_beta_unmet_need));
  ASSERT_NEAR(m, expected_m, 1e-12 * expected_m);
  std::vector<double> crossing(kPeople);
  for (int i = 0; i < kPeople; ++i) crossing[i] = model.time_to_reach(0, e_[i], m);
  expect_survival(
      crossing, [&](double t) { return std::exp(-m * baseline_cumulative(p, t)); }, "high risk");
}

TEST_F(ExponentialClock, ModifiedBaselineWithAZeroBand) {
  params::Parameters p;
  p.set(ParamId::recidivism_baseline_0_1m, {0.25, ""});
  p.set(ParamId::recidivism_baseline_6_12m, {0.0, ""});  // nobody crosses in months 6-12
  p.set(ParamId::recidivism_baseline_60_plusm, {0.02, ""});
  HazardModel model(p);
  const double m = 0.6;
  std::vector<double> crossing(kPeople);
  for (int i = 0; i < kPeople; ++i) crossing[i] = model.time_to_reach(0, e_[i], m);
  for (double x : crossing)
    EXPECT_FALSE(x > 6 * kDaysPerMonth && x < 12 * kDaysPerMonth) << "crossing in a zero band";
  expect_survival(
      crossing, [&](double t) { return std::exp(-m * baseline_cumulative(p, t)); }, "modified");
}

// A state change at t1 (e.g. a job found): the model subtracts what accrued under m1
// (refresh_hazard) and solves again from t1 under m2. Survival is then
// exp(-(m1 H0(min(t, t1)) + m2 (H0(t) - H0(t1))+)).
void two_phase(const std::vector<double>& e, double t1_months, double m1, double m2) {
  params::Parameters p;
  HazardModel model(p);
  const double t1 = t1_months * kDaysPerMonth;
  std::vector<double> crossing(kPeople);
  for (int i = 0; i < kPeople; ++i) {
    double first = model.time_to_reach(0, e[i], m1);
    if (first <= t1) {
      crossing[i] = first;  // offended before the change
      continue;
    }
    double remaining = e[i] - m1 * model.cumulative(0, t1);
    crossing[i] = model.time_to_reach(t1, std::max(0.0, remaining), m2);
  }
  auto survival = [&](double t) {
    double h1 = baseline_cumulative(p, std::min(t, t1_months));
    double h2 = t > t1_months ? baseline_cumulative(p, t) - baseline_cumulative(p, t1_months) : 0;
    return std::exp(-(m1 * h1 + m2 * h2));
  };
  char label[64];
  std::snprintf(label, sizeof label, "two-phase t1=%gm m1=%g m2=%g", t1_months, m1, m2);
  expect_survival(crossing, survival, label);
}

TEST_F(ExponentialClock, StateChangeInsideABand) {
  two_phase(e_, 4.0, 2.0, 0.5);
}

TEST_F(ExponentialClock, StateChangeLaterRaisesTheHazard) {
  two_phase(e_, 18.0, 0.7, 1.8);
}

}  // namespace
}  // namespace spipsim::model
