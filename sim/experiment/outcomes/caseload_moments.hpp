#pragma once
// The distribution of officers' caseloads in one month, as the headlines and the monthly
// series report it.
#include <cstdint>
#include <vector>

namespace spipsim::experiment {

struct CaseloadMoments {
  double mean, p50, p90, max;  // all NaN for a month without officers
};

// Quantiles by stats::quantile, so the caseload p90 is the same estimator as every other.
CaseloadMoments caseload_moments(const std::vector<std::uint16_t>& caseloads);

}  // namespace spipsim::experiment
