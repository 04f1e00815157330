#include "sim/experiment/outcomes/caseload_moments.hpp"

#include <algorithm>
#include <limits>

#include "sim/stats/summary.hpp"

namespace spipsim::experiment {

CaseloadMoments caseload_moments(const std::vector<std::uint16_t>& caseloads) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (caseloads.empty()) return {nan, nan, nan, nan};
  std::vector<double> values(caseloads.begin(), caseloads.end());
  double sum = 0.0;
  for (double v : values) sum += v;
  double max = *std::max_element(values.begin(), values.end());
  double mean = sum / static_cast<double>(values.size());
  double p50 = stats::quantile(values, 0.5);
  double p90 = stats::quantile(std::move(values), 0.9);
  return {mean, p50, p90, max};
}

}  // namespace spipsim::experiment
