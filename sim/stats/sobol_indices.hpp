#pragma once
// Variance-based sensitivity indices (Sobol' indices) from the outputs of a Saltelli design
// (sampling_design.hpp), with percentile bootstrap intervals.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace spipsim::stats {

struct SobolIndices {
  // Per input, the first-order index and its bootstrap interval.
  std::vector<double> first, first_low, first_high;
  // Per input, the total-order index and its bootstrap interval.
  std::vector<double> total, total_low, total_high;
  // Per input, the bootstrap standard deviation (standard error) of each index.
  std::vector<double> first_se, total_se;
  // V, the variance of the outputs at the A and B rows.
  double variance = 0.0;
  // The A and B outputs are all equal, so V = 0: see sobol_indices.
  bool zero_variance = false;
};

// Sobol' indices of one model output. y holds one output per row of
// saltelli_design(base_samples, dims) (or saltelli_from_base), in the same order: f(A), f(B),
// f(AB_1), ..., f(AB_dims), N = base_samples values each.
//
// V is the variance (divisor 2N) of the 2N outputs f(A) and f(B).
// First order, Saltelli et al. 2010: S_i = mean_j (f(B)_j - m) (f(AB_i)_j - f(A)_j) / V,
// where m is the mean of f(A) and f(B). Centring f(B) on m leaves the estimator's expectation
// unchanged and makes it invariant to adding a constant to y: without it the estimator's
// variance grows with the square of the output's mean (costs of millions of euros that vary
// by thousands would give noise).
// Total order, Jansen 1999: ST_i = mean_j (f(A)_j - f(AB_i)_j)^2 / 2 / V.
// Estimates are not clipped to [0, 1]: a small negative S_i is sampling noise around 0.
//
// Intervals: percentile bootstrap over the N base rows. Each of `resamples` resamples draws
// N row indices j with replacement (keeping each j's A, B and AB_i outputs together) and
// recomputes m, V and every index; the interval is the (1 - confidence) / 2 and
// (1 + confidence) / 2 quantiles (type 7) of the resampled indices, and *_se their standard
// deviation. A pure function of seed (resample r uses its own stream).
// On quasi-random (Sobol') points the bootstrap treats rows as independent, so it overstates
// the error: the intervals are conservative there.
//
// Constant output: when the A and B outputs are all equal, V = 0 and the indices are 0/0.
// Then every index, bound and se is 0 and zero_variance is true: the output does not vary,
// so no input explains any of its variance. The same rule holds inside a resample whose A and
// B outputs are all equal (only likely with very few base samples): its indices count as 0.
//
// Throws std::invalid_argument when base_samples < 2, dims is 0, y.size() is not
// base_samples * (dims + 2), resamples < 2, confidence is not in (0, 1), or y holds a NaN or
// an infinity (a failed run must be dealt with before the analysis).
SobolIndices sobol_indices(std::span<const double> y, std::size_t base_samples, std::size_t dims,
                           std::size_t resamples, double confidence, std::uint64_t seed);

}  // namespace spipsim::stats
