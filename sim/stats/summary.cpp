#include "sim/stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/stats/special_functions.hpp"

namespace spipsim::stats {

Interval mean_interval(std::span<const double> xs, double level) {
  if (xs.empty()) throw std::invalid_argument("mean_interval: no observations");
  if (!(level > 0.0 && level < 1.0))
    throw std::invalid_argument("mean_interval: level must be in (0, 1)");
  const std::size_t n = xs.size();
  double sum = 0.0;
  for (double x : xs) sum += x;
  const double mean = sum / double(n);
  if (n == 1) return {mean, mean, mean, std::numeric_limits<double>::quiet_NaN(), 1};
  // Two passes: the one-pass formula sum(x^2) - n mean^2 cancels badly when the spread is
  // small next to the mean (e.g. caseloads of 41 000 +- 30).
  double ss = 0.0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / double(n - 1));
  const double t = student_t_quantile(0.5 + 0.5 * level, double(n - 1));
  const double half_width = t * sd / std::sqrt(double(n));
  return {mean, mean - half_width, mean + half_width, sd, n};
}

double quantile(std::vector<double> xs, double p) {
  if (xs.empty()) throw std::invalid_argument("quantile: no observations");
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile: p must be in [0, 1]");
  // NaN breaks the strict weak order nth_element relies on: refuse rather than misbehave.
  if (std::any_of(xs.begin(), xs.end(), [](double x) { return std::isnan(x); }))
    throw std::invalid_argument("quantile: NaN among the observations");
  const double h = double(xs.size() - 1) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  const double fraction = h - double(below);
  auto at = xs.begin() + static_cast<std::ptrdiff_t>(below);
  std::nth_element(xs.begin(), at, xs.end());
  const double lower = *at;
  if (fraction == 0.0) return lower;
  // After nth_element everything past `at` is >= lower; the next order statistic is their min.
  const double upper = *std::min_element(at + 1, xs.end());
  return lower + fraction * (upper - lower);
}

Interval paired_difference(std::span<const double> base, std::span<const double> variant,
                           double level) {
  if (base.size() != variant.size())
    throw std::invalid_argument("paired_difference: base and variant differ in size");
  std::vector<double> differences(base.size());
  for (std::size_t i = 0; i < base.size(); ++i) differences[i] = variant[i] - base[i];
  return mean_interval(differences, level);
}

}  // namespace spipsim::stats
