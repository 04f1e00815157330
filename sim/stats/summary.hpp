#pragma once
// Summaries of replicate results: a mean with its Student t confidence interval, type-7
// quantiles, and paired differences between scenarios run with common random numbers.
#include <cstddef>
#include <span>
#include <vector>

namespace spipsim::stats {

// A mean and its two-sided confidence interval [lo, hi]. sd is the sample standard deviation
// of the observations (divisor n - 1), not the standard error of the mean.
struct Interval {
  double mean;
  double lo;
  double hi;
  double sd;
  std::size_t n;
};

// The mean of xs with the Student t interval mean +- t(1 - (1 - level) / 2; n - 1) sd / sqrt(n).
// Throws std::invalid_argument when xs is empty or level is not in (0, 1). With a single
// observation there is no spread to estimate: the interval is [mean, mean] and sd is NaN,
// so callers can tell "one replicate" from "no variation". NaN in xs gives NaN fields.
Interval mean_interval(std::span<const double> xs, double level = 0.95);

// The p-quantile of xs by linear interpolation between order statistics (Hyndman & Fan
// type 7, the default of numpy.quantile and R's quantile): with h = (n - 1) p, it is
// x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)), sorted 0-based. Takes xs by
// value to partially sort it in O(n). Throws std::invalid_argument when xs is empty, holds
// NaN, or p is not in [0, 1].
double quantile(std::vector<double> xs, double p);

// mean_interval of the differences variant[i] - base[i]: with common random numbers the
// pairs are positively correlated, so this interval is much narrower than the difference of
// two separate intervals. Throws std::invalid_argument when the sizes differ (and as
// mean_interval).
Interval paired_difference(std::span<const double> base, std::span<const double> variant,
                           double level = 0.95);

}  // namespace spipsim::stats
