#include "sim/engine/distributions.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <vector>

#include "sim/engine/random_stream.hpp"

using namespace spipsim::engine;

namespace {

RandomStream golden_stream() {
  return RandomStream(2024, 0, 1, 1);
}

// Golden values pin reproducibility: the same seed must give the same variates with any
// compiler and standard library, because we use our own algorithms rather than <random>.
// They were computed once with this implementation (GCC 12, x86-64, -std=c++20, which does
// not fuse multiply-adds) and pasted with 17 significant digits. Compilers that contract
// a * b + c into an FMA (clang by default, -march=native) change the last bits, so we compare
// to 1e-13 relative: any change of algorithm, draw order or stream layout moves the values by
// far more than that.
void expect_golden(const std::function<double(RandomStream&)>& draw,
                   const std::array<double, 5>& expected) {
  RandomStream g = golden_stream();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double x = draw(g);
    EXPECT_NEAR(x, expected[i], 1e-13 * std::fabs(expected[i])) << "draw " << i;
  }
}

TEST(DistributionsGolden, ContinuousFirstFiveDraws) {
  expect_golden([](RandomStream& g) { return uniform(g, -2.0, 3.0); },
                {0.61778461227993287, -1.9711360842308563, -1.0035465869774443, 1.1509816416092895,
                 0.28717153531644257});
  expect_golden([](RandomStream& g) { return exponential(g, 0.5); },
                {1.294219040374623, 10.309201931475821, 3.2259816069215836, 0.92344775177377503,
                 1.5642439913904955});
  expect_golden([](RandomStream& g) { return normal(g, 10.0, 2.0); },
                {10.118165608112434, 4.9485246961592102, 8.3116848751930039, 10.664746742527054,
                 9.7862007586537079});
  expect_golden([](RandomStream& g) { return lognormal(g, 1.0, 0.5); },
                {2.799781566092149, 0.76884274290541343, 1.7823295039938636, 3.2097295640448613,
                 2.5768048202402207});
  expect_golden([](RandomStream& g) { return lognormal_mean_cv(g, 100.0, 0.8); },
                {81.400201310678639, 13.215011660494675, 43.124308155268722, 98.651723080481034,
                 72.43101527000259});
  expect_golden([](RandomStream& g) { return gamma(g, 2.5, 3.0); },
                {6.764408944530488, 3.4394951683847008, 6.0392793731280889, 3.7281959762013548,
                 9.9517791303306495});
  expect_golden([](RandomStream& g) { return gamma(g, 0.4, 2.0); },
                {0.040030115296427811, 0.27083395476041938, 0.45389864186228063,
                 0.40130365495394993, 0.037014027140888139});
  expect_golden([](RandomStream& g) { return weibull(g, 1.5, 4.0); },
                {2.9925759686854603, 11.935941782160482, 5.5015017084092657, 2.3895431632157509,
                 3.3955463091483971});
}

TEST(DistributionsGolden, DiscreteFirstFiveDraws) {
  const std::array<double, 5> weights = {0.1, 0.0, 2.0, 0.9, 1.0};
  std::vector<double> small, large, coin, category;
  RandomStream a = golden_stream(), b = golden_stream(), c = golden_stream(), d = golden_stream();
  for (int i = 0; i < 5; ++i) {
    small.push_back(poisson(a, 3.5));
    large.push_back(poisson(b, 42.0));
    coin.push_back(bernoulli(c, 0.3));
    category.push_back(double(categorical(d, weights)));
  }
  EXPECT_EQ(small, (std::vector<double>{3, 0, 2, 4, 3}));
  EXPECT_EQ(large, (std::vector<double>{42, 36, 41, 36, 47}));
  EXPECT_EQ(coin, (std::vector<double>{0, 1, 1, 0, 0}));
  EXPECT_EQ(category, (std::vector<double>{2, 0, 2, 3, 2}));
}

// --- Statistical checks against analytic moments -------------------------------------------

constexpr int kDraws = 200000;
constexpr double kTolerance = 4.0;  // in standard errors; each check fails by chance ~6e-5

// Mean, variance and fourth central moment from the raw moments E[X^j], j = 1..4.
struct Moments {
  double mean, var, mu4;
  static Moments from_raw(double m1, double m2, double m3, double m4) {
    return {m1, m2 - m1 * m1, m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 * m1 * m1 * m1};
  }
};

// The sample mean must lie within kTolerance standard errors sqrt(var / n) of the true
// mean, and the sample variance within kTolerance of its own standard error
// sqrt((mu4 - var^2) / n).
void expect_moments(const std::function<double(RandomStream&)>& draw, Moments truth,
                    std::uint64_t entity) {
  RandomStream g(7, 0, 2, entity);
  std::vector<double> xs(kDraws);
  double sum = 0.0;
  for (double& x : xs) sum += (x = draw(g));
  const double n = kDraws;
  const double mean = sum / n;
  double ss = 0.0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double var = ss / (n - 1.0);
  if (truth.var == 0.0) {  // degenerate: every draw is the mean
    EXPECT_EQ(mean, truth.mean);
    EXPECT_EQ(var, 0.0);
    return;
  }
  const double z_mean = (mean - truth.mean) / std::sqrt(truth.var / n);
  const double z_var = (var - truth.var) / std::sqrt((truth.mu4 - truth.var * truth.var) / n);
  EXPECT_LT(std::fabs(z_mean), kTolerance) << "mean " << mean << " vs " << truth.mean;
  EXPECT_LT(std::fabs(z_var), kTolerance) << "variance " << var << " vs " << truth.var;
}

Moments lognormal_moments(double mu, double s) {
  auto raw = [&](double j) { return std::exp(j * mu + 0.5 * j * j * s * s); };
  return Moments::from_raw(raw(1), raw(2), raw(3), raw(4));
}

TEST(DistributionsStatistics, MomentsMatchAnalyticValues) {
  expect_moments([](RandomStream& g) { return uniform(g, -2.0, 3.0); },
                 {0.5, 25.0 / 12.0, 625.0 / 80.0}, 1);
  expect_moments([](RandomStream& g) { return exponential(g, 0.5); }, {2.0, 4.0, 9.0 * 16.0}, 2);
  expect_moments([](RandomStream& g) { return normal(g, 10.0, 2.0); }, {10.0, 4.0, 48.0}, 3);
  expect_moments([](RandomStream& g) { return lognormal(g, 1.0, 0.5); },
                 lognormal_moments(1.0, 0.5), 4);
  const double s2 = std::log1p(0.8 * 0.8);
  const Moments cv_truth = lognormal_moments(std::log(100.0) - 0.5 * s2, std::sqrt(s2));
  EXPECT_NEAR(cv_truth.mean, 100.0, 1e-9);
  EXPECT_NEAR(std::sqrt(cv_truth.var), 80.0, 1e-9);
  expect_moments([](RandomStream& g) { return lognormal_mean_cv(g, 100.0, 0.8); }, cv_truth, 5);
  for (double shape : {0.4, 1.0, 2.5, 30.0}) {
    const double scale = 3.0;
    const double k = shape, t4 = std::pow(scale, 4);
    expect_moments([&](RandomStream& g) { return gamma(g, shape, scale); },
                   {k * scale, k * scale * scale, 3 * k * (k + 2) * t4}, 6);
  }
  for (double shape : {0.7, 1.5, 4.0}) {
    const double scale = 4.0;
    auto raw = [&](double j) { return std::pow(scale, j) * std::tgamma(1.0 + j / shape); };
    expect_moments([&](RandomStream& g) { return weibull(g, shape, scale); },
                   Moments::from_raw(raw(1), raw(2), raw(3), raw(4)), 7);
  }
  for (double m : {0.0, 0.3, 3.5, 9.99, 10.0, 42.0, 1000.0, 1e6}) {
    expect_moments([&](RandomStream& g) { return double(poisson(g, m)); }, {m, m, m * (1 + 3 * m)},
                   8);
  }
  expect_moments([](RandomStream& g) { return double(bernoulli(g, 0.3)); },
                 Moments::from_raw(0.3, 0.3, 0.3, 0.3), 9);
}

// Each frequency must lie within kTolerance standard errors sqrt(n p (1 - p)) of n p.
void expect_frequencies(const std::vector<long>& counts, const std::vector<double>& probs) {
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double expected = kDraws * probs[i];
    const double se = std::sqrt(kDraws * probs[i] * (1.0 - probs[i]));
    if (probs[i] == 0.0) {
      EXPECT_EQ(counts[i], 0) << "category " << i;
    } else {
      EXPECT_LT(std::fabs(double(counts[i]) - expected), kTolerance * se) << "value " << i;
    }
  }
}

TEST(DistributionsStatistics, CategoricalFrequencies) {
  const std::vector<double> weights = {0.1, 0.0, 2.0, 0.9, 1.0, 0.0};
  std::vector<double> probs;
  for (double w : weights) probs.push_back(w / 4.0);
  std::vector<long> counts(weights.size());
  RandomStream g(7, 0, 3, 1);
  for (int i = 0; i < kDraws; ++i) ++counts[categorical(g, weights)];
  expect_frequencies(counts, probs);
}

TEST(DistributionsStatistics, PoissonFrequencies) {
  for (double m : {3.5, 42.0}) {  // inversion and PTRS
    // One cell per k whose expected count is at least 20 (where the normal approximation of
    // a count holds: the pmf is unimodal, so these k are lo..hi), plus the two pooled tails.
    auto pmf = [m](std::uint32_t k) {
      return std::exp(-m + k * std::log(m) - std::lgamma(k + 1.0));
    };
    std::uint32_t lo = 0;
    while (kDraws * pmf(lo) < 20.0) ++lo;
    std::uint32_t hi = lo;
    while (kDraws * pmf(hi + 1) >= 20.0) ++hi;
    std::vector<double> probs = {0.0};
    for (std::uint32_t k = 0; k < lo; ++k) probs[0] += pmf(k);
    for (std::uint32_t k = lo; k <= hi; ++k) probs.push_back(pmf(k));
    double covered = 0.0;
    for (double p : probs) covered += p;
    probs.push_back(1.0 - covered);
    std::vector<long> counts(probs.size());
    RandomStream g(7, 0, 4, std::uint64_t(m));
    for (int i = 0; i < kDraws; ++i) {
      const std::uint32_t k = poisson(g, m);
      ++counts[k < lo ? 0 : k <= hi ? k - lo + 1 : probs.size() - 1];
    }
    expect_frequencies(counts, probs);
  }
}

// poisson() below 10 is poisson_inverse at its one uniform, and a uniform at or below
// 1 - mean - kPoissonZeroMargin is a zero count however exp rounds (the shortcut of the
// weekly plan's compliance checks, site_supervision.cpp). Means from 1e-300 to 9.9, and the
// largest double at or below the bound, where the margin has to hold.
TEST(Distributions, PoissonInverseIsPoissonAndZeroBelowOneMinusMean) {
  RandomStream a(11, 0, 4, 1), b(11, 0, 4, 1);
  for (int i = 0; i < 20000; ++i) {
    double m = 9.9 * double(i % 1000) / 1000.0;
    ASSERT_EQ(poisson(a, m), poisson_inverse(b.uniform(), m)) << m;
  }
  int checked = 0;
  for (double m = 1e-300; m < 9.9; m *= 1.01) {
    double bound = 1.0 - m - kPoissonZeroMargin;
    if (!(bound > 0.0)) break;
    for (double u = bound, k = 0; k < 4; ++k, u = std::nextafter(u, 0.0)) {
      ASSERT_EQ(poisson_inverse(u, m), 0u) << "mean " << m << " u " << u;
      ++checked;
    }
    // And the margin is not so wide that it hides counts: just above 1 - mean the count is
    // positive once exp(-mean) is below it (mean past rounding).
    if (m > 1e-6) {
      EXPECT_GT(poisson_inverse(std::min(1.0 - 1e-16, 1.0 - m / 2), m), 0u);
    }
  }
  EXPECT_GT(checked, 1000);
}

// --- Contracts -----------------------------------------------------------------------------

struct CountingSource {
  RandomStream stream{3, 0, 5, 1};
  int draws = 0;
  double uniform() {
    ++draws;
    return stream.uniform();
  }
};

TEST(Distributions, SingleDrawVariatesUseExactlyOneUniform) {
  const std::array<double, 3> weights = {0.0, 1.0, 0.0};
  const std::vector<std::function<void(CountingSource&)>> draws = {
      [](CountingSource& g) { uniform(g, 1.0, 1.0); },
      [](CountingSource& g) { exponential(g, 1e-9); },
      [](CountingSource& g) { normal(g, 0.0, 0.0); },
      [](CountingSource& g) { lognormal(g, 0.0, 3.0); },
      [](CountingSource& g) { lognormal_mean_cv(g, 5.0, 0.0); },
      [](CountingSource& g) { weibull(g, 0.1, 1.0); },
      [](CountingSource& g) { poisson(g, 0.0); },
      [](CountingSource& g) { poisson(g, 9.9); },
      [](CountingSource& g) { bernoulli(g, 1.0); },
      [&](CountingSource& g) { categorical(g, weights); },
  };
  for (std::size_t i = 0; i < draws.size(); ++i) {
    for (int rep = 0; rep < 100; ++rep) {
      CountingSource g;
      g.stream = RandomStream(3, 0, 5, std::uint64_t(rep));
      draws[i](g);
      ASSERT_EQ(g.draws, 1) << "variate " << i;
    }
  }
}

TEST(Distributions, InvalidParametersThrowBeforeDrawing) {
  CountingSource g;
  const double nan = std::nan("");
  const std::array<double, 2> negative = {1.0, -1.0};
  const std::array<double, 2> zeros = {0.0, 0.0};
  EXPECT_THROW(uniform(g, 2.0, 1.0), std::invalid_argument);
  EXPECT_THROW(exponential(g, 0.0), std::invalid_argument);
  EXPECT_THROW(normal(g, 0.0, -1.0), std::invalid_argument);
  EXPECT_THROW(lognormal(g, nan, 1.0), std::invalid_argument);
  EXPECT_THROW(lognormal_mean_cv(g, 0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(gamma(g, 0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(weibull(g, 1.0, nan), std::invalid_argument);
  EXPECT_THROW(poisson(g, -1.0), std::invalid_argument);
  EXPECT_THROW(bernoulli(g, 1.5), std::invalid_argument);
  EXPECT_THROW(categorical(g, negative), std::invalid_argument);
  EXPECT_THROW(categorical(g, zeros), std::invalid_argument);
  EXPECT_THROW(categorical(g, std::span<const double>()), std::invalid_argument);
  EXPECT_EQ(g.draws, 0);
}

TEST(Distributions, NormalQuantileInvertsTheNormalCdf) {
  // A mistyped AS 241 coefficient would show here as an error far above rounding.
  for (double lp = -16.0; lp <= -0.31; lp += 0.01) {
    const double p = std::pow(10.0, lp);
    const double x = standard_normal_quantile(p);
    // Relative error of the tail probability is |x| times the error of x: allow 1e-15 * |x|.
    EXPECT_NEAR(0.5 * std::erfc(-x / std::sqrt(2.0)), p, 2e-15 * (1.0 + x * x) * p);
    const double upper = 1.0 - p;  // 1 - upper is exact, so symmetry must be exact too
    EXPECT_EQ(standard_normal_quantile(upper), -standard_normal_quantile(1.0 - upper));
  }
  EXPECT_NEAR(standard_normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_EQ(standard_normal_quantile(0.5), 0.0);
  EXPECT_EQ(standard_normal_quantile(0.0), -INFINITY);
  EXPECT_TRUE(std::isnan(standard_normal_quantile(1.5)));
}

}  // namespace

namespace {

// The 32-bit words of a stream are the halves of its 64-bit draws (low word first), four to a
// block, so a caller mixing both reads one sequence of words: a 64-bit draw after an odd
// number of words takes the next two words, and one that would straddle a block starts the
// next. uniform32 maps a word to (w + 0.5) 2^-32, never 0 or 1.
TEST(RandomStreamWords, ThirtyTwoBitWordsAreTheHalvesOfTheSixtyFourBitDraws) {
  RandomStream wide(2024, 3, 7, 11), narrow(2024, 3, 7, 11);
  std::vector<std::uint32_t> words;
  for (int k = 0; k < 8; ++k) {
    const std::uint64_t v = wide.next_u64();
    words.push_back(std::uint32_t(v));
    words.push_back(std::uint32_t(v >> 32));
  }
  for (std::uint32_t w : words) EXPECT_EQ(narrow.next_u32(), w);
  EXPECT_EQ(wide.blocks_used(), 4u);
  EXPECT_EQ(narrow.blocks_used(), 4u);

  RandomStream mixed(2024, 3, 7, 11);
  EXPECT_EQ(mixed.next_u32(), words[0]);
  EXPECT_EQ(mixed.next_u64(), std::uint64_t(words[2]) << 32 | words[1]);
  EXPECT_EQ(mixed.next_u32(), words[3]);  // the first block's last word
  mixed.next_u32();                       // word 0 of the second block
  mixed.next_u32();                       // word 1
  mixed.next_u32();                       // word 2: one left, too few for 64 bits
  EXPECT_EQ(mixed.next_u64(), std::uint64_t(words[9]) << 32 | words[8]);  // the third block
  EXPECT_EQ(mixed.blocks_used(), 3u);

  RandomStream u(2024, 3, 7, 11);
  EXPECT_EQ(u.uniform32(), (double(words[0]) + 0.5) * 0x1.0p-32);
  for (int k = 0; k < 100000; ++k) {
    const double x = u.uniform32();
    ASSERT_GT(x, 0.0);
    ASSERT_LT(x, 1.0);
  }
}

}  // namespace
