#include "sim/stats/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "sim/stats/special_functions.hpp"

using namespace spipsim::stats;

namespace {

TEST(MeanInterval, SmallExampleByHand) {
  // mean 3, sd sqrt(2.5), half width t(0.975; 4) sqrt(2.5 / 5) = 2.776445105 * 0.707106781.
  const std::vector<double> xs = {1, 2, 3, 4, 5};
  const Interval ci = mean_interval(xs);
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  EXPECT_DOUBLE_EQ(ci.sd, std::sqrt(2.5));
  EXPECT_NEAR(ci.lo, 3.0 - 1.9632431, 1e-7);
  EXPECT_NEAR(ci.hi, 3.0 + 1.9632431, 1e-7);
  EXPECT_EQ(ci.n, 5u);
  const Interval wide = mean_interval(xs, 0.99);
  EXPECT_LT(wide.lo, ci.lo);
  EXPECT_GT(wide.hi, ci.hi);
}

TEST(MeanInterval, SingleObservationAndInvalidInput) {
  const std::vector<double> one = {4.5};
  const Interval ci = mean_interval(one);
  EXPECT_EQ(ci.mean, 4.5);
  EXPECT_EQ(ci.lo, 4.5);
  EXPECT_EQ(ci.hi, 4.5);
  EXPECT_TRUE(std::isnan(ci.sd));
  EXPECT_EQ(ci.n, 1u);
  EXPECT_THROW(mean_interval(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(mean_interval(one, 1.0), std::invalid_argument);
  EXPECT_THROW(mean_interval(one, 0.0), std::invalid_argument);
}

TEST(MeanInterval, SpreadSmallNextToTheMeanKeepsItsDigits) {
  const std::vector<double> xs = {1e9 + 1, 1e9 + 2, 1e9 + 3};
  EXPECT_DOUBLE_EQ(mean_interval(xs).sd, 1.0);
}

// Coverage sanity: for normal samples the 95% t interval must contain the true mean in 95%
// of samples, within 4 standard errors sqrt(0.95 * 0.05 / trials) ~ 0.0195. With samples of
// three a normal (z) interval would cover only about 81%, so this also checks that the t
// quantile, not z, is used.
TEST(MeanInterval, CoverageOfNormalSamples) {
  constexpr int trials = 2000;
  std::mt19937_64 engine(17);
  auto normal = [&] { return normal_quantile((double(engine() >> 11) + 0.5) * 0x1.0p-53); };
  for (std::size_t size : {3u, 10u}) {
    int covered = 0;
    for (int trial = 0; trial < trials; ++trial) {
      std::vector<double> xs(size);
      for (double& x : xs) x = 5.0 + 2.0 * normal();
      const Interval ci = mean_interval(xs);
      covered += ci.lo <= 5.0 && 5.0 <= ci.hi;
    }
    const double coverage = double(covered) / trials;
    EXPECT_NEAR(coverage, 0.95, 4.0 * std::sqrt(0.95 * 0.05 / trials)) << "size " << size;
  }
}

TEST(Quantile, Type7LikeNumpy) {
  // numpy.quantile(x, p) (method "linear", the default) and R's quantile(x, p, type = 7):
  // h = (n - 1) p, interpolate between the order statistics floor(h) and floor(h) + 1.
  const std::vector<double> xs = {7, 1, 3, 15, 9};  // sorted: 1 3 7 9 15
  EXPECT_DOUBLE_EQ(quantile(xs, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile(xs, 0.4), 5.4);  // h = 1.6: 3 + 0.6 * (7 - 3)
  EXPECT_DOUBLE_EQ(quantile(xs, 0.5), 7.0);
  EXPECT_DOUBLE_EQ(quantile(xs, 0.9), 12.6);  // h = 3.6: 9 + 0.6 * (15 - 9)
  EXPECT_DOUBLE_EQ(quantile(xs, 1.0), 15.0);
  const std::vector<double> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(quantile(ten, 0.33), 3.97);  // h = 2.97
  EXPECT_DOUBLE_EQ(quantile(ten, 0.5), 5.5);
  EXPECT_DOUBLE_EQ(quantile(ten, 0.25), 3.25);
  EXPECT_DOUBLE_EQ(quantile({42.0}, 0.7), 42.0);
  EXPECT_THROW(quantile({}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile(xs, 1.5), std::invalid_argument);
  EXPECT_THROW(quantile({1.0, std::nan("")}, 0.5), std::invalid_argument);
}

TEST(PairedDifference, UsesThePairedDifferences) {
  const std::vector<double> base = {10, 20, 30, 40};
  const std::vector<double> variant = {11, 22, 30, 45};
  const Interval d = paired_difference(base, variant);
  const Interval direct = mean_interval(std::vector<double>{1, 2, 0, 5});
  EXPECT_DOUBLE_EQ(d.mean, 2.0);
  EXPECT_DOUBLE_EQ(d.lo, direct.lo);
  EXPECT_DOUBLE_EQ(d.hi, direct.hi);
  EXPECT_EQ(d.n, 4u);
  EXPECT_THROW(paired_difference(base, std::vector<double>{1, 2}), std::invalid_argument);
}

}  // namespace
