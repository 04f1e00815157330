// The two classes of prison sentence (prison_sentence.hpp) against independent truths: the
// lognormal's mean, the mixture's analytic distribution function, and the length-biased mean
// of a stock. Statistical checks state their tolerance in standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "sim/engine/random_stream.hpp"
#include "sim/model/prison_sentence.hpp"

namespace spipsim::model {
namespace {

constexpr int kDraws = 200000;
constexpr double kSe = 4.0;  // tolerance in standard errors

SentenceMix mix(double long_share) { return {long_share, 300.0, 1.5, 2000.0, 0.6}; }

// P(T < x) for a lognormal of mean m and coefficient of variation cv, from the normal CDF.
double lognormal_cdf(double x, double m, double cv) {
  double s2 = std::log(1 + cv * cv), mu = std::log(m) - s2 / 2;
  return 0.5 * std::erfc(-(std::log(x) - mu) / std::sqrt(2 * s2));
}

struct Sample {
  double mean = 0, under_a_year = 0, long_share = 0, pour_peine = 0;
};

Sample sample(const SentenceMix& m, double p, bool in_stock = false, std::uint64_t seed = 7) {
  Sample out;
  for (int i = 0; i < kDraws; ++i) {
    engine::RandomStream rng(seed, 0, 1, std::uint64_t(i));
    PrisonSentence s = draw_prison_sentence(rng, m, p, m.long_pour_peine, in_stock);
    out.mean += s.days;
    out.under_a_year += s.days < 365 ? 1 : 0;
    out.long_share += s.cls == SentenceClass::Long ? 1 : 0;
    out.pour_peine += s.pour_peine ? 1 : 0;
  }
  out.mean /= kDraws, out.under_a_year /= kDraws, out.long_share /= kDraws,
      out.pour_peine /= kDraws;
  return out;
}

// p_long = 0 is one lognormal: its mean, nobody long, and the long class's parameters do not
// change a single draw.
TEST(PrisonSentence, NoLongShareIsOneLognormal) {
  SentenceMix m = mix(0.0);
  Sample s = sample(m, 0.0);
  EXPECT_EQ(s.long_share, 0.0);
  double se = m.short_mean * m.short_cv / std::sqrt(double(kDraws));
  EXPECT_NEAR(s.mean, m.short_mean, kSe * se);
  SentenceMix other = m;
  other.long_mean = 9000, other.long_cv = 3;
  for (std::uint64_t i = 0; i < 100; ++i) {
    engine::RandomStream a(1, 0, 1, i), b(1, 0, 1, i);
    EXPECT_EQ(draw_prison_sentence(a, m, 0.0, 1.0).days,
              draw_prison_sentence(b, other, 0.0, 1.0).days);
  }
}

TEST(PrisonSentence, AllLongIsTheLongLognormal) {
  SentenceMix m = mix(1.0);
  Sample s = sample(m, 1.0);
  EXPECT_EQ(s.long_share, 1.0);
  EXPECT_EQ(s.pour_peine, 1.0);
  EXPECT_NEAR(s.mean, m.long_mean, kSe * m.long_mean * m.long_cv / std::sqrt(double(kDraws)));
}

// The share of terms under a year is the mixture's CDF at 365 days:
// (1 − p)·F_short(365) + p·F_long(365); binomial standard error.
TEST(PrisonSentence, ShareUnderAYearIsTheMixturesCdf) {
  for (double p : {0.1, 0.3}) {
    SentenceMix m = mix(p);
    Sample s = sample(m, p);
    double truth = (1 - p) * lognormal_cdf(365, m.short_mean, m.short_cv) +
                   p * lognormal_cdf(365, m.long_mean, m.long_cv);
    double se = std::sqrt(truth * (1 - truth) / kDraws);
    EXPECT_NEAR(s.under_a_year, truth, kSe * se) << "p_long " << p;
    EXPECT_NEAR(s.long_share, p, kSe * std::sqrt(p * (1 - p) / kDraws));
    double mean = (1 - p) * m.short_mean + p * m.long_mean;
    double var = (1 - p) * std::pow(m.short_mean, 2) * (1 + m.short_cv * m.short_cv) +
                 p * std::pow(m.long_mean, 2) * (1 + m.long_cv * m.long_cv) - mean * mean;
    EXPECT_NEAR(s.mean, mean, kSe * std::sqrt(var / kDraws)) << "p_long " << p;
  }
}

// A term held in a stock is length-biased: mean E[T²]/E[T] = m·(1 + cv²).
TEST(PrisonSentence, StockTermsAreLengthBiased) {
  SentenceMix m = mix(1.0);
  m.long_cv = 0.5;
  Sample s = sample(m, 1.0, true);
  double mean = m.long_mean * (1 + m.long_cv * m.long_cv);
  EXPECT_NEAR(s.mean, mean, kSe * mean * m.long_cv / std::sqrt(double(kDraws)));
}

// Only a long sentence is served in an établissement pour peine, a share long_pour_peine of
// them (binomial standard error).
TEST(PrisonSentence, APourPeineShareOfTheLongOnes) {
  SentenceMix m = mix(0.4);
  m.long_pour_peine = 0.5;
  Sample s = sample(m, 0.4);
  EXPECT_NEAR(s.pour_peine, 0.2, kSe * std::sqrt(0.2 * 0.8 / kDraws));
  EXPECT_EQ(sample(mix(0.0), 0.0).pour_peine, 0.0);
}

TEST(PrisonSentence, LongShareOfTheStock) {
  EXPECT_DOUBLE_EQ(long_share_of_stock(mix(0.0)), 0.0);
  EXPECT_DOUBLE_EQ(long_share_of_stock(mix(1.0)), 1.0);
  EXPECT_DOUBLE_EQ(long_share_of_stock(mix(0.1)), 200.0 / (200.0 + 270.0));
}

}  // namespace
}  // namespace spipsim::model
