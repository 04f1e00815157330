// HazardModel on cases solvable by hand: constant and piecewise rates, zero rates, and the
// inverse relation between cumulative() and time_to_reach().
#include "sim/model/hazard_model.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace spipsim::model {
namespace {

using params::ParamId;

constexpr double kMonth = 365.25 / 12.0;
constexpr std::array<ParamId, 7> kBaseline = {
    ParamId::recidivism_baseline_0_1m,    ParamId::recidivism_baseline_1_6m,
    ParamId::recidivism_baseline_6_12m,   ParamId::recidivism_baseline_12_24m,
    ParamId::recidivism_baseline_24_36m,  ParamId::recidivism_baseline_36_60m,
    ParamId::recidivism_baseline_60_plusm};

params::Parameters with_rates(std::array<double, 7> per_month) {
  params::Parameters p;
  for (std::size_t b = 0; b < kBaseline.size(); ++b) p.set(kBaseline[b], {per_month[b], ""});
  return p;
}

TEST(HazardModel, BandsStartAtTheDocumentedMonths) {
  const double months[] = {0, 1, 6, 12, 24, 36, 60};
  for (int b = 0; b < HazardModel::kBands; ++b)
    EXPECT_DOUBLE_EQ(HazardModel::band_start_days(b), months[b] * kMonth) << "band " << b;
}

TEST(HazardModel, ConstantRateIsLinear) {
  HazardModel h(with_rates({0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03}));
  const double per_day = 0.03 / kMonth;
  EXPECT_DOUBLE_EQ(h.cumulative(0, 0), 0.0);
  EXPECT_NEAR(h.cumulative(0, 100), 100 * per_day, 1e-14);
  EXPECT_NEAR(h.cumulative(50, 3000), 2950 * per_day, 1e-12);
  EXPECT_NEAR(h.cumulative(2000, 4000), 2000 * per_day, 1e-12) << "past the last band edge";
  EXPECT_NEAR(h.time_to_reach(0, 0.5, 1.0), 0.5 / per_day, 1e-9);
  EXPECT_NEAR(h.time_to_reach(200, 0.5, 2.0), 200 + 0.5 / (2 * per_day), 1e-9);
  EXPECT_DOUBLE_EQ(h.time_to_reach(123, 0.0, 1.0), 123.0) << "nothing left to accrue";
}

TEST(HazardModel, PiecewiseRatesAddUpBandByBand) {
  HazardModel h(with_rates({0.06, 0.03, 0.02, 0.01, 0.01, 0.005, 0.002}));
  // 0-1 month at 0.06, 1-6 at 0.03, then half of the 6-12 band at 0.02.
  EXPECT_NEAR(h.cumulative(0, 9 * kMonth), 0.06 + 5 * 0.03 + 3 * 0.02, 1e-12);
  EXPECT_NEAR(h.cumulative(3 * kMonth, 6 * kMonth), 3 * 0.03, 1e-12);
  EXPECT_NEAR(h.cumulative(0, 72 * kMonth),
              0.06 + 5 * 0.03 + 6 * 0.02 + 12 * 0.01 + 12 * 0.01 + 24 * 0.005 + 12 * 0.002, 1e-12);
  // 0.09 with m = 1: 0.06 in month 0, then 0.03 at 0.03 a month: 2 months.
  EXPECT_NEAR(h.time_to_reach(0, 0.09, 1.0), 2 * kMonth, 1e-9);
  // m = 2: band 0 accrues 0.12 a month, so 0.09 is reached inside it.
  EXPECT_NEAR(h.time_to_reach(0, 0.09, 2.0), 0.75 * kMonth, 1e-9);
  // m = 0.5: 0.03 in month 0, then 0.06 at 0.015 a month: 4 more months.
  EXPECT_NEAR(h.time_to_reach(0, 0.09, 0.5), 5 * kMonth, 1e-9);
  // Starting mid-band: from month 3, 0.09 more at 0.03 a month reaches month 6 exactly.
  EXPECT_NEAR(h.time_to_reach(3 * kMonth, 0.09, 1.0), 6 * kMonth, 1e-9);
}

TEST(HazardModel, TimeToReachInvertsCumulative) {
  HazardModel h(params::Parameters{});
  for (double from : {0.0, 10.0, 200.0, 800.0, 2500.0}) {
    for (double to : {from + 1.0, from + 90.0, from + 1000.0, from + 4000.0}) {
      for (double m : {0.3, 1.0, 4.0}) {
        double needed = m * h.cumulative(from, to);
        EXPECT_NEAR(h.time_to_reach(from, needed, m), to, 1e-7 * to)
            << "from " << from << " to " << to << " m " << m;
      }
    }
  }
}

TEST(HazardModel, ZeroRatesNeverCross) {
  HazardModel none(with_rates({0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(none.cumulative(0, 10000), 0.0);
  EXPECT_TRUE(std::isinf(none.time_to_reach(0, 0.1, 1.0)));
  HazardModel early_only(with_rates({0.1, 0, 0, 0, 0, 0, 0}));
  EXPECT_NEAR(early_only.time_to_reach(0, 0.05, 1.0), 0.5 * kMonth, 1e-9);
  EXPECT_TRUE(std::isinf(early_only.time_to_reach(0, 0.2, 1.0))) << "only 0.1 can ever accrue";
  HazardModel gap(with_rates({0.1, 0, 0, 0, 0, 0, 0.01}));
  EXPECT_NEAR(gap.time_to_reach(0, 0.11, 1.0), 61 * kMonth, 1e-7) << "skips the zero bands";
  EXPECT_TRUE(std::isinf(gap.time_to_reach(0, 0.11, 0.0))) << "multiplier 0";
}

TEST(HazardModel, MultiplierIsExpOfTheLinearPredictor) {
  params::Parameters p;
  HazardModel h(p);
  EXPECT_DOUBLE_EQ(h.multiplier(Covariates::Zero()), 1.0);
  Covariates x = Covariates::Zero();
  x[kWoman] = 1;
  x[kEmployed] = 1;
  x[kTrainedSupervisionDose] = 0.5;
  double eta = p.real(ParamId::recidivism_beta_woman) + p.real(ParamId::recidivism_beta_employed) +
               0.5 * p.real(ParamId::training_rnr_supervision_effect);
  EXPECT_NEAR(h.multiplier(x), std::exp(eta), 1e-14);
}

}  // namespace
}  // namespace spipsim::model
