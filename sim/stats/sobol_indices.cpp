#include "sim/stats/sobol_indices.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/stats/stats_random.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::stats {
namespace {

// The indices of one sample of base rows (rows[k] is the k-th base row used; the full sample
// is 0..N-1, a resample draws them with replacement). first and total get one value per input.
class IndexEstimator {
 public:
  IndexEstimator(std::span<const double> y, std::size_t n, std::size_t dims)
      : y_(y), n_(n), dims_(dims) {}

  double f_a(std::size_t j) const { return y_[j]; }
  double f_b(std::size_t j) const { return y_[n_ + j]; }
  double f_ab(std::size_t i, std::size_t j) const { return y_[(2 + i) * n_ + j]; }

  // Returns V; all indices 0 when the A and B outputs of these rows are all equal.
  double estimate(std::span<const std::size_t> rows, std::vector<double>& first,
                  std::vector<double>& total) const {
    first.assign(dims_, 0.0);
    total.assign(dims_, 0.0);
    const double reference = f_a(rows[0]);
    bool constant = true;
    double sum = 0.0;
    for (std::size_t j : rows) {
      sum += f_a(j) + f_b(j);
      constant = constant && f_a(j) == reference && f_b(j) == reference;
    }
    if (constant) return 0.0;
    const double count = double(rows.size());
    const double mean = sum / (2.0 * count);
    double squares = 0.0;
    for (std::size_t j : rows)
      squares += (f_a(j) - mean) * (f_a(j) - mean) + (f_b(j) - mean) * (f_b(j) - mean);
    const double variance = squares / (2.0 * count);
    for (std::size_t i = 0; i < dims_; ++i) {
      double first_sum = 0.0;
      double total_sum = 0.0;
      for (std::size_t j : rows) {
        const double change = f_ab(i, j) - f_a(j);
        first_sum += (f_b(j) - mean) * change;
        total_sum += change * change;
      }
      first[i] = first_sum / count / variance;
      total[i] = total_sum / count / 2.0 / variance;
    }
    return variance;
  }

 private:
  std::span<const double> y_;
  std::size_t n_;
  std::size_t dims_;
};

void check_arguments(std::span<const double> y, std::size_t n, std::size_t dims,
                     std::size_t resamples, double confidence) {
  const std::string where = "sobol_indices: ";
  if (n < 2)
    throw std::invalid_argument(where + "base_samples is " + std::to_string(n) +
                                ", it must be at least 2");
  if (dims == 0) throw std::invalid_argument(where + "dims must be at least 1");
  if (y.size() / (dims + 2) != n || y.size() % (dims + 2) != 0)
    throw std::invalid_argument(where + "y has " + std::to_string(y.size()) +
                                " outputs; a Saltelli design with " + std::to_string(n) +
                                " base samples and " + std::to_string(dims) +
                                " inputs has N * (dims + 2) = " + std::to_string(n * (dims + 2)) +
                                " rows, one output each");
  if (resamples < 2)
    throw std::invalid_argument(where + "resamples is " + std::to_string(resamples) +
                                ", it must be at least 2 (1000 is usual)");
  if (!(confidence > 0.0 && confidence < 1.0))
    throw std::invalid_argument(where + "confidence is " + std::to_string(confidence) +
                                ", it must be in (0, 1), e.g. 0.95");
  for (std::size_t k = 0; k < y.size(); ++k)
    if (!std::isfinite(y[k]))
      throw std::invalid_argument(where + "y[" + std::to_string(k) + "] (design row " +
                                  std::to_string(k) + ") is " + std::to_string(y[k]) +
                                  "; rerun or drop that point before the analysis");
}

// Standard deviation (divisor R - 1) of xs.
double standard_deviation(const std::vector<double>& xs) {
  double sum = 0.0;
  for (double x : xs) sum += x;
  const double mean = sum / double(xs.size());
  double squares = 0.0;
  for (double x : xs) squares += (x - mean) * (x - mean);
  return std::sqrt(squares / double(xs.size() - 1));
}

}  // namespace

SobolIndices sobol_indices(std::span<const double> y, std::size_t base_samples, std::size_t dims,
                           std::size_t resamples, double confidence, std::uint64_t seed) {
  check_arguments(y, base_samples, dims, resamples, confidence);
  const IndexEstimator estimator(y, base_samples, dims);
  SobolIndices out;
  std::vector<std::size_t> rows(base_samples);
  for (std::size_t j = 0; j < base_samples; ++j) rows[j] = j;
  out.variance = estimator.estimate(rows, out.first, out.total);
  out.zero_variance = out.variance == 0.0;
  if (out.zero_variance) {
    for (auto* v : {&out.first_low, &out.first_high, &out.total_low, &out.total_high, &out.first_se,
                    &out.total_se})
      v->assign(dims, 0.0);
    return out;
  }

  // boot_first[i * resamples + r]: index i in resample r.
  std::vector<double> boot_first(dims * resamples), boot_total(dims * resamples);
  std::vector<double> first, total;
  for (std::size_t r = 0; r < resamples; ++r) {
    engine::RandomStream stream(seed, 0, kPurposeSobolBootstrap, r);
    for (std::size_t& j : rows) j = std::size_t(uniform_below(stream, base_samples));
    estimator.estimate(rows, first, total);
    for (std::size_t i = 0; i < dims; ++i) {
      boot_first[i * resamples + r] = first[i];
      boot_total[i * resamples + r] = total[i];
    }
  }
  const double p_low = (1.0 - confidence) / 2.0;
  const double p_high = (1.0 + confidence) / 2.0;
  auto summarise = [&](const std::vector<double>& boot, std::size_t i, std::vector<double>& low,
                       std::vector<double>& high, std::vector<double>& se) {
    const std::vector<double> xs(boot.begin() + std::ptrdiff_t(i * resamples),
                                 boot.begin() + std::ptrdiff_t((i + 1) * resamples));
    low.push_back(quantile(xs, p_low));
    high.push_back(quantile(xs, p_high));
    se.push_back(standard_deviation(xs));
  };
  for (std::size_t i = 0; i < dims; ++i) {
    summarise(boot_first, i, out.first_low, out.first_high, out.first_se);
    summarise(boot_total, i, out.total_low, out.total_high, out.total_se);
  }
  return out;
}

}  // namespace spipsim::stats
