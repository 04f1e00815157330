#pragma once
// Random variates drawn from any generator G with `double uniform()` returning values in the
// open interval (0, 1), such as RandomStream. We write our own instead of using <random>
// because the standard leaves its distribution algorithms to each library: the same seed
// gives different persons different futures under libstdc++ and libc++, which would break
// reproducibility and common random numbers across machines.
//
// Draw counts matter for common random numbers: when two scenarios draw from one stream the
// same number of times, later draws stay aligned. So most variates here use exactly ONE
// uniform, whatever their parameters (even degenerate ones such as sd == 0): uniform,
// exponential, normal, lognormal, lognormal_mean_cv, weibull, bernoulli, categorical, and
// poisson with mean < 10. gamma and poisson with mean >= 10 use rejection, so their count
// varies; give them their own stream (purpose) when alignment matters.
//
// Preconditions are checked before any draw; a violation throws std::invalid_argument and
// consumes nothing. NaN parameters always violate them.
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

namespace spipsim::engine {

template <class G>
concept UniformSource = requires(G& g) {
  { g.uniform() } -> std::convertible_to<double>;
};

namespace detail {
[[noreturn]] void throw_invalid_argument(const char* what);  // out of line: keeps hot code small

// log(k!) without std::lgamma, which writes the global `signgam` (a data race between LPs
// running on different threads) and whose last bits differ between C libraries.
double log_factorial(double k);
}  // namespace detail

// The standard normal quantile function, by Wichura's algorithm AS 241 (PPND16): rational
// approximations in three regions, relative error about 1e-16 for p in (0, 1). Returns -inf
// at 0, +inf at 1 and NaN outside [0, 1].
double standard_normal_quantile(double p);

// Uniform on [lo, hi) (rounding may reach hi). Requires finite lo <= hi. One draw.
template <UniformSource G>
double uniform(G& g, double lo, double hi) {
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi))
    detail::throw_invalid_argument("uniform: requires finite lo <= hi");
  return lo + (hi - lo) * g.uniform();
}

// Exponential with the given rate (mean 1 / rate), by inversion: -log(u) / rate. Requires
// rate > 0. One draw.
template <UniformSource G>
double exponential(G& g, double rate) {
  if (!(rate > 0.0)) detail::throw_invalid_argument("exponential: requires rate > 0");
  return -std::log(g.uniform()) / rate;
}

// Normal by inversion of the CDF (AS 241) rather than Box-Muller, Marsaglia's polar method or
// the ziggurat: inversion uses exactly one uniform per variate and is monotone in it, so a
// larger uniform always gives a larger value, which keeps paired scenarios positively
// correlated. Requires finite mean and sd >= 0. One draw.
template <UniformSource G>
double normal(G& g, double mean, double sd) {
  if (!(sd >= 0.0) || !std::isfinite(sd) || !std::isfinite(mean))
    detail::throw_invalid_argument("normal: requires finite mean and finite sd >= 0");
  return mean + sd * standard_normal_quantile(g.uniform());
}

// exp(N(mu, sigma^2)). Requires finite mu and sigma >= 0. One draw.
template <UniformSource G>
double lognormal(G& g, double mu, double sigma) {
  if (!(sigma >= 0.0) || !std::isfinite(sigma) || !std::isfinite(mu))
    detail::throw_invalid_argument("lognormal: requires finite mu and finite sigma >= 0");
  return std::exp(mu + sigma * standard_normal_quantile(g.uniform()));
}

// Lognormal with arithmetic mean `mean` and coefficient of variation `cv` (sd / mean), the
// way durations are usually reported: sigma^2 = log(1 + cv^2), mu = log(mean) - sigma^2 / 2.
// Requires mean > 0 and cv >= 0, both finite. One draw.
template <UniformSource G>
double lognormal_mean_cv(G& g, double mean, double cv) {
  if (!(mean > 0.0) || !(cv >= 0.0) || !std::isfinite(mean) || !std::isfinite(cv))
    detail::throw_invalid_argument("lognormal_mean_cv: requires finite mean > 0 and cv >= 0");
  const double sigma2 = std::log1p(cv * cv);
  return lognormal(g, std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2));
}

// Gamma with the given shape and scale (mean shape * scale), by Marsaglia & Tsang (2000);
// for shape < 1 it draws Gamma(shape + 1) and multiplies by u^(1 / shape). Requires finite
// shape > 0 and scale > 0. Variable draw count: on average 2.1 at shape 1, falling to 2.0
// for large shapes, and one more when shape < 1.
template <UniformSource G>
double gamma(G& g, double shape, double scale) {
  if (!(shape > 0.0) || !(scale > 0.0) || !std::isfinite(shape) || !std::isfinite(scale))
    detail::throw_invalid_argument("gamma: requires finite shape > 0 and scale > 0");
  const bool boost = shape < 1.0;
  const double d = (boost ? shape + 1.0 : shape) - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  double value;
  for (;;) {
    const double x = standard_normal_quantile(g.uniform());
    const double t = 1.0 + c * x;
    if (t <= 0.0) continue;
    const double v = t * t * t;
    const double u = g.uniform();
    const double x2 = x * x;
    // Cheap squeeze first; the exact test needs two logarithms.
    if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) {
      value = d * v;
      break;
    }
  }
  // u^(1/shape) computed in log space: it underflows to 0 gracefully for tiny shapes.
  if (boost) value *= std::exp(std::log(g.uniform()) / shape);
  return value * scale;
}

// Weibull by inversion: scale * (-log u)^(1 / shape). Requires finite shape > 0 and
// scale > 0. One draw.
template <UniformSource G>
double weibull(G& g, double shape, double scale) {
  if (!(shape > 0.0) || !(scale > 0.0) || !std::isfinite(shape) || !std::isfinite(scale))
    detail::throw_invalid_argument("weibull: requires finite shape > 0 and scale > 0");
  return scale * std::pow(-std::log(g.uniform()), 1.0 / shape);
}

// The Poisson(mean) count at the uniform u by inversion (sequential search from 0, O(mean)
// steps): what poisson() returns for mean < 10 when its one draw is u. Callers that can
// decide a zero count without the mean's exponentials draw u themselves: since
// P(0) = exp(-mean) >= 1 - mean, any u <= 1 - mean - kPoissonZeroMargin gives 0 whatever the
// rounding of exp (tests/unit/engine/distributions_test.cpp).
inline constexpr double kPoissonZeroMargin = 1e-15;
inline std::uint32_t poisson_inverse(double u, double mean) {
  double p = std::exp(-mean);
  double cdf = p;
  std::uint32_t k = 0;
  while (u > cdf) {
    ++k;
    p *= mean / k;
    const double next = cdf + p;
    // Rounding can leave the CDF just below u near 1: stop once it no longer grows.
    if (next == cdf) break;
    cdf = next;
  }
  return k;
}

// Poisson. For mean < 10, inversion by sequential search (one draw, O(mean) steps); above,
// Hörmann's PTRS transformed rejection (1993), O(1) expected time and on average 2.7 draws
// at mean 10, 2.3 at mean 1000.
// Requires finite mean >= 0 and mean < 2^31 (so the result fits, with room for the tail).
template <UniformSource G>
std::uint32_t poisson(G& g, double mean) {
  if (!(mean >= 0.0) || !(mean < 2147483648.0))
    detail::throw_invalid_argument("poisson: requires 0 <= mean < 2^31");
  if (mean < 10.0) return poisson_inverse(g.uniform(), mean);
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = g.uniform() - 0.5;
    const double v = g.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint32_t>(k);  // inner box: accept
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v * inv_alpha / (a / (us * us) + b)) <=
        -mean + k * loglam - detail::log_factorial(k))
      return static_cast<std::uint32_t>(k);
  }
}

// True with probability p. Requires 0 <= p <= 1. One draw (also when p is 0 or 1).
template <UniformSource G>
bool bernoulli(G& g, double p) {
  if (!(p >= 0.0 && p <= 1.0)) detail::throw_invalid_argument("bernoulli: requires 0 <= p <= 1");
  return g.uniform() < p;
}

// An index i with probability weights[i] / sum(weights), by a linear search of the running
// sum (fine for the short lists of a model; use an alias table for hundreds of categories
// drawn often). Weights need not sum to 1. Requires a non-empty list of finite, non-negative
// weights with a positive sum. Never returns an index of zero weight. One draw.
template <UniformSource G>
std::size_t categorical(G& g, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w))
      detail::throw_invalid_argument("categorical: weights must be finite and >= 0");
    total += w;
  }
  if (!(total > 0.0) || !std::isfinite(total))
    detail::throw_invalid_argument("categorical: weights must have a positive finite sum");
  const double target = g.uniform() * total;
  double running = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0.0) continue;
    running += weights[i];
    last_positive = i;
    if (target < running) return i;
  }
  return last_positive;  // target rounded past the final running sum
}

}  // namespace spipsim::engine
