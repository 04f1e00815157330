#pragma once
// Recidivism hazard: h(t) = h0(time since index) * exp(beta . x), with a piecewise-constant
// baseline h0 (bands at 1, 6, 12, 24, 36, 60 months) and covariates x that change with the
// person's state (work, housing, unmet needs, supervision). Used with the exponential-clock
// method: a person draws a threshold E ~ Exp(1) once per episode and offends when the
// cumulative hazard reaches E; a state change only re-solves for the crossing time, so the
// same person offends at the same moment in two scenarios unless their states differ.
#include <array>

#include <Eigen/Core>

#include "sim/params/parameters.hpp"

namespace spipsim::model {

enum Covariate : int {
  kAge18to20,
  kAge21to29,
  kAge40to49,
  kAge50to59,
  kAge60Plus,
  kWoman,
  kCommunityOrigin,
  kLogPriors,
  kRiskMedium,
  kRiskHigh,
  kEmployed,
  kHoused,
  kUnmetNeeds,
  kTrainedSupervisionDose,  // supervision dose (0..1) by an RNR-trained officer
  kPlainSupervisionDose,    // supervision dose (0..1) by an untrained officer
  kCovariateCount
};
using Covariates = Eigen::Matrix<double, kCovariateCount, 1>;

class HazardModel {
 public:
  static constexpr int kBands = 7;
  explicit HazardModel(const params::Parameters& p);

  double multiplier(const Covariates& x) const { return std::exp(beta_.dot(x)); }

  // Baseline cumulative hazard between two times since index (days), from <= to.
  double cumulative(double from_days, double to_days) const;

  // The time since index at which the cumulative hazard, starting from `from_days` with
  // multiplier m, has grown by `remaining`; +infinity when it never does.
  double time_to_reach(double from_days, double remaining, double m) const;

  // Start of a baseline band, in days since the episode began.
  static double band_start_days(int band);

 private:
  Covariates beta_;
  std::array<double, kBands> rate_per_day_{};
};

}  // namespace spipsim::model
