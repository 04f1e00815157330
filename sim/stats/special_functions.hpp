#pragma once
// The few special functions behind confidence intervals: log Gamma, the regularized
// incomplete beta function, and the Student t and normal distributions built on them. Our
// own rather than std::lgamma (which writes the global `signgam`, a data race when
// replicates are summarised on several threads) or Boost.Math (a heavy dependency for four
// functions). Accuracy targets: about 1e-13 relative for log_gamma and
// regularized_incomplete_beta, about 1e-10 relative for the quantiles, for every df >= 1.
#include <limits>

namespace spipsim::stats {

// log Gamma(x) for x > 0; NaN otherwise.
double log_gamma(double x);

// I_x(a, b) for a, b > 0 and 0 <= x <= 1, with y = 1 - x passed separately so that callers
// that know 1 - x more accurately than by subtraction (the t tail does) keep that accuracy.
// Precondition: x + y == 1 up to rounding. NaN when the arguments are out of range.
double regularized_incomplete_beta(double a, double b, double x, double y);

// P(T > t) for T ~ Student t with df > 0 degrees of freedom; df == +infinity gives the
// standard normal. NaN for df <= 0 or NaN arguments.
double student_t_upper_tail(double t, double df);

// The p-quantile of Student t with df > 0 degrees of freedom (df == +infinity: standard
// normal): solves P(T <= t) = p by Newton's method on log P(T > t), safeguarded by
// bisection. Returns -inf at p == 0, +inf at p == 1, NaN for p outside [0, 1] or df <= 0.
double student_t_quantile(double p, double df);

// The p-quantile of the standard normal distribution.
inline double normal_quantile(double p) {
  return student_t_quantile(p, std::numeric_limits<double>::infinity());
}

}  // namespace spipsim::stats
