#include "sim/stats/special_functions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace spipsim::stats;

namespace {

TEST(StudentT, QuantileMatchesPrintedTables) {
  // Values as printed in statistical tables (4 decimals).
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.7062, 0.5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.7764, 0.5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 30), 2.0423, 0.5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 1e7), 1.95996, 0.5e-5);
  EXPECT_NEAR(student_t_quantile(0.995, 10), 3.1693, 0.5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 120), 1.6577, 0.5e-4);
}

TEST(StudentT, QuantileMatchesClosedFormsTo1e9) {
  // df = 1 (Cauchy), 2 and 4 have closed-form quantiles; the target accuracy is 1e-6.
  for (double p : {0.001, 0.1, 0.3, 0.5, 0.6, 0.9, 0.975, 0.999, 0.9999}) {
    const double cauchy = std::tan(std::numbers::pi * (p - 0.5));
    EXPECT_NEAR(student_t_quantile(p, 1), cauchy, 1e-9 * std::max(1.0, std::fabs(cauchy)));
    EXPECT_NEAR(student_t_quantile(p, 2), (2 * p - 1) / std::sqrt(2 * p * (1 - p)), 1e-9);
    const double a = 4 * p * (1 - p);
    const double q = std::cos(std::acos(std::sqrt(a)) / 3) / std::sqrt(a);
    EXPECT_NEAR(student_t_quantile(p, 4), std::copysign(2 * std::sqrt(q - 1), p - 0.5), 1e-9);
  }
}

TEST(StudentT, QuantileInvertsTheTail) {
  // The smaller tail beyond the quantile must be min(p, 1 - p) to 1e-8 relative, for small
  // and huge df alike (above 1e7 the tail comes from the normal expansion).
  for (double df : {1.0, 1.5, 3.0, 7.0, 29.0, 99.0, 1e3, 1e5, 1e7, 1e9, 1e12}) {
    for (double p : {1e-12, 1e-8, 0.01, 0.2, 0.45, 0.55, 0.8, 0.975, 0.999}) {
      const double t = student_t_quantile(p, df);
      const double tail = std::min(p, 1 - p);
      EXPECT_NEAR(student_t_upper_tail(std::fabs(t), df), tail, 1e-8 * tail)
          << "df " << df << " p " << p;
    }
  }
}

TEST(StudentT, LargeDfTendsToTheNormal) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-9);
  // t(0.975; df) = z + z (1 + z^2) / (4 df) + O(1 / df^2).
  const double z = 1.959963984540054;
  for (double df : {1e6, 1e8, 1e10}) {
    EXPECT_NEAR(student_t_quantile(0.975, df), z + z * (1 + z * z) / (4 * df), 1e-10);
  }
}

TEST(StudentT, EdgesAndInvalidArguments) {
  EXPECT_EQ(student_t_quantile(0.0, 5), -INFINITY);
  EXPECT_EQ(student_t_quantile(1.0, 5), INFINITY);
  EXPECT_EQ(student_t_quantile(0.5, 5), 0.0);
  EXPECT_TRUE(std::isnan(student_t_quantile(1.1, 5)));
  EXPECT_TRUE(std::isnan(student_t_quantile(0.9, 0)));
  EXPECT_TRUE(std::isnan(student_t_upper_tail(1.0, -1)));
  EXPECT_EQ(student_t_upper_tail(0.0, 3), 0.5);
}

TEST(SpecialFunctions, LogGammaAndIncompleteBeta) {
  EXPECT_NEAR(log_gamma(0.5), 0.5 * std::log(std::numbers::pi), 1e-13);
  EXPECT_NEAR(log_gamma(1.0), 0.0, 1e-13);
  EXPECT_NEAR(log_gamma(10.0), std::log(362880.0), 1e-13);
  EXPECT_NEAR(log_gamma(1e6), std::lgamma(1e6), 1e-13 * std::lgamma(1e6));
  EXPECT_TRUE(std::isnan(log_gamma(0.0)));
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b.
  EXPECT_NEAR(regularized_incomplete_beta(1, 1, 0.3, 0.7), 0.3, 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(2.5, 1, 0.6, 0.4), std::pow(0.6, 2.5), 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(1, 3.5, 0.2, 0.8), 1 - std::pow(0.8, 3.5), 1e-14);
  EXPECT_NEAR(
      regularized_incomplete_beta(40, 60, 0.4, 0.6) + regularized_incomplete_beta(60, 40, 0.6, 0.4),
      1.0, 1e-13);
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, 1, 1.5, -0.5)));
}

}  // namespace
