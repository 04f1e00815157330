#include "sim/model/hazard_model.hpp"

#include <cmath>
#include <limits>

#include "sim/engine/sim_time.hpp"

namespace spipsim::model {
namespace {
constexpr std::array<double, HazardModel::kBands + 1> kBandStartMonths = {0,  1,  6,  12,
                                                                          24, 36, 60, 1e300};
}

double HazardModel::band_start_days(int band) {
  return kBandStartMonths[std::size_t(band)] * engine::kDaysPerMonth;
}

HazardModel::HazardModel(const params::Parameters& p) {
  using params::ParamId;
  const ParamId baseline[kBands] = {
      ParamId::recidivism_baseline_0_1m,    ParamId::recidivism_baseline_1_6m,
      ParamId::recidivism_baseline_6_12m,   ParamId::recidivism_baseline_12_24m,
      ParamId::recidivism_baseline_24_36m,  ParamId::recidivism_baseline_36_60m,
      ParamId::recidivism_baseline_60_plusm};
  // Level and shape (docs/model.md section 9): the bands relative to the first month are
  // raised to `shape`, then everything is multiplied by `scale`. The two are what the
  // calibration fits; the band values themselves are the prior shape.
  const double first = p.real(baseline[0]);
  const double scale = p.real(ParamId::recidivism_baseline_scale);
  const double shape = p.real(ParamId::recidivism_baseline_shape);
  for (int b = 0; b < kBands; ++b) {
    double band = p.real(baseline[b]);
    double shaped = first > 0 && band > 0 ? first * std::pow(band / first, shape) : band;
    rate_per_day_[std::size_t(b)] = scale * shaped / engine::kDaysPerMonth;
  }
  beta_[kAge18to20] = p.real(ParamId::recidivism_beta_age_18_20);
  beta_[kAge21to29] = p.real(ParamId::recidivism_beta_age_21_29);
  beta_[kAge40to49] = p.real(ParamId::recidivism_beta_age_40_49);
  beta_[kAge50to59] = p.real(ParamId::recidivism_beta_age_50_59);
  beta_[kAge60Plus] = p.real(ParamId::recidivism_beta_age_60_plus);
  beta_[kWoman] = p.real(ParamId::recidivism_beta_woman);
  beta_[kCommunityOrigin] = p.real(ParamId::recidivism_beta_community_origin);
  beta_[kLogPriors] = p.real(ParamId::recidivism_beta_priors);
  beta_[kRiskMedium] = p.real(ParamId::recidivism_beta_risk_medium);
  beta_[kRiskHigh] = p.real(ParamId::recidivism_beta_risk_high);
  beta_[kEmployed] = p.real(ParamId::recidivism_beta_employed);
  beta_[kHoused] = p.real(ParamId::recidivism_beta_housed);
  beta_[kUnmetNeeds] = p.real(ParamId::recidivism_beta_unmet_need);
  beta_[kTrainedSupervisionDose] = p.real(ParamId::training_rnr_supervision_effect);
  beta_[kPlainSupervisionDose] = p.real(ParamId::training_plain_supervision_effect);
}

double HazardModel::cumulative(double from_days, double to_days) const {
  double total = 0;
  for (int b = 0; b < kBands && from_days < to_days; ++b) {
    double band_end = band_start_days(b + 1);
    if (from_days >= band_end) continue;
    double seg_end = std::min(band_end, to_days);
    total += rate_per_day_[std::size_t(b)] * (seg_end - from_days);
    from_days = seg_end;
  }
  return total;
}

double HazardModel::time_to_reach(double from_days, double remaining, double m) const {
  double t = from_days;
  for (int b = 0; b < kBands; ++b) {
    double band_end = band_start_days(b + 1);
    if (t >= band_end) continue;
    double rate = rate_per_day_[std::size_t(b)] * m;
    if (rate > 0) {
      double needed = remaining / rate;
      if (t + needed <= band_end) return t + needed;
      remaining -= rate * (band_end - t);
    }
    t = band_end;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace spipsim::model
