#include "sim/stats/special_functions.hpp"

#include <algorithm>
#include <cmath>

namespace spipsim::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kHalfLog2Pi = 0.91893853320467274178;  // log(sqrt(2 pi))
constexpr double kLargeDf = 1e7;  // above, the t tail comes from its expansion around the normal

// Stirling's correction log Gamma(x) - [(x - 1/2) log x - x + log sqrt(2 pi)] for x >= 15,
// four terms: truncation error below 1 / (1188 x^9) < 1e-13.
double stirling_correction(double x) {
  const double r = 1.0 / x;
  const double r2 = r * r;
  return r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)));
}

// log B(a, b). When one argument is large, log Gamma(big) - log Gamma(big + small) is taken
// from Stirling's formula in a form without cancellation; the plain sum of log Gammas would
// lose about log10(big) digits (t quantiles at df = 1e9 would be off by 3e-7).
double log_beta(double a, double b) {
  const double big = std::max(a, b), small = std::min(a, b);
  if (big < 15.0) return log_gamma(a) + log_gamma(b) - log_gamma(a + b);
  const double ratio = -(big - 0.5) * std::log1p(small / big) - small * std::log(big + small) +
                       small + stirling_correction(big) - stirling_correction(big + small);
  return log_gamma(small) + ratio;
}

// Continued fraction for I_x(a, b) (DLMF 8.17.22), evaluated by the modified Lentz method.
// Converges quickly when x < (a + 1) / (a + b + 2); the caller swaps arguments otherwise.
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-16;
  constexpr int kMaxTerms = 100000;  // large a needs O(sqrt(a)) terms
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double f = d;
  for (int m = 1; m <= kMaxTerms; ++m) {
    const double dm = m;
    // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double num = dm * (b - dm) * x / ((a + 2.0 * dm - 1.0) * (a + 2.0 * dm));
    d = 1.0 + num * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    f *= d * c;
    // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    num = -(a + dm) * (a + b + dm) * x / ((a + 2.0 * dm) * (a + 2.0 * dm + 1.0));
    d = 1.0 + num * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    f *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return f;
}

// log of the t density at t.
double log_t_density(double t, double df) {
  if (std::isinf(df)) return -0.5 * t * t - kHalfLog2Pi;
  return -log_beta(0.5 * df, 0.5) - 0.5 * std::log(df) - 0.5 * (df + 1.0) * std::log1p(t * t / df);
}

// The t >= 0 with P(T > t) = alpha, for 0 < alpha <= 1/2.
double upper_tail_root(double alpha, double df) {
  if (alpha == 0.5) return 0.0;
  const double log_alpha = std::log(alpha);
  double lo = 0.0, hi = 1.0;
  while (student_t_upper_tail(hi, df) > alpha) {  // bracket: Q(lo) > alpha >= Q(hi)
    lo = hi;
    hi *= 2.0;
    if (hi > 1e300) return kInf;
  }
  double t = 0.5 * (lo + hi);
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double tail = student_t_upper_tail(t, df);
    if (tail > alpha)
      lo = t;
    else
      hi = t;
    // Newton on g(t) = log Q(t) - log alpha, g'(t) = -density / Q: nearly linear in the
    // tails, where Newton on Q itself creeps.
    const double slope = -std::exp(log_t_density(t, df) - std::log(tail));
    double next = t - (std::log(tail) - log_alpha) / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - t) <= 1e-15 * std::max(1.0, t) || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}

}  // namespace

double log_gamma(double x) {
  if (!(x > 0.0)) return kNaN;
  if (std::isinf(x)) return kInf;
  // Shift up to x >= 15 with the recurrence Gamma(x + 1) = x Gamma(x), then Stirling.
  double shift = 0.0;
  double product = 1.0;
  while (x < 15.0) {
    product *= x;
    x += 1.0;
  }
  if (product != 1.0) shift = std::log(product);
  return (x - 0.5) * std::log(x) - x + kHalfLog2Pi + stirling_correction(x) - shift;
}

double regularized_incomplete_beta(double a, double b, double x, double y) {
  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0 && x <= 1.0) || !(y >= 0.0 && y <= 1.0)) return kNaN;
  if (x == 0.0) return 0.0;
  if (y == 0.0) return 1.0;
  // log x through log1p(-y) when x is near 1: log(x) would carry x's rounding times a.
  const double log_x = x > 0.5 ? std::log1p(-y) : std::log(x);
  const double log_y = y > 0.5 ? std::log1p(-x) : std::log(y);
  const double front = std::exp(a * log_x + b * log_y - log_beta(a, b));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

double student_t_upper_tail(double t, double df) {
  if (std::isnan(t) || !(df > 0.0)) return kNaN;
  if (std::isinf(df)) return 0.5 * std::erfc(t / std::sqrt(2.0));
  if (t < 0.0) return 1.0 - student_t_upper_tail(-t, df);
  const double t2 = t * t;
  if (df > kLargeDf) {
    // P(T > t) = P(Z > t) + phi(t) (t^3 + t) / (4 df) + O(1 / df^2). Here the continued
    // fraction, run at x = df / (df + t^2) near 1, would lose about log10(df) digits
    // (rounding times a = df / 2), while the neglected O(t^8 / df^2) term is below 1e-8
    // relative for |t| < 8 (tails above 1e-15).
    return 0.5 * std::erfc(t / std::sqrt(2.0)) +
           std::exp(-0.5 * t2 - kHalfLog2Pi) * (t2 * t + t) / (4.0 * df);
  }
  // P(T > t) = I_x(df / 2, 1 / 2) / 2 with x = df / (df + t^2) and y = 1 - x computed
  // directly.
  return 0.5 * regularized_incomplete_beta(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
}

double student_t_quantile(double p, double df) {
  if (!(p >= 0.0 && p <= 1.0) || !(df > 0.0)) return kNaN;
  if (p == 0.0) return -kInf;
  if (p == 1.0) return kInf;
  // Work with the smaller tail, which is exact in floating point (1 - p is, for p >= 1/2).
  return p < 0.5 ? -upper_tail_root(p, df) : upper_tail_root(1.0 - p, df);
}

}  // namespace spipsim::stats
