#include "sim/stats/sobol_indices.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/stats/sampling_design.hpp"

using namespace spipsim::stats;

namespace {

// y = x0 + 2 x1 x2 on a Saltelli design: not additive, so first and total indices differ.
std::vector<double> interaction_outputs(const UnitDesign& design, double shift, double scale) {
  std::vector<double> y;
  for (std::size_t row = 0; row < design.rows(); ++row)
    y.push_back(shift + scale * (design(row, 0) + 2.0 * design(row, 1) * design(row, 2)));
  return y;
}

TEST(SobolIndices, ReproducibleBySeedAndIntervalsAroundTheEstimates) {
  const std::size_t n = 256, dims = 3;
  const std::vector<double> y = interaction_outputs(saltelli_design(n, dims), 0.0, 1.0);
  const SobolIndices a = sobol_indices(y, n, dims, 200, 0.9, 11);
  const SobolIndices b = sobol_indices(y, n, dims, 200, 0.9, 11);
  const SobolIndices c = sobol_indices(y, n, dims, 200, 0.9, 12);
  EXPECT_EQ(a.first_low, b.first_low);
  EXPECT_EQ(a.total_high, b.total_high);
  EXPECT_EQ(a.first, c.first);          // the estimates do not depend on the seed
  EXPECT_NE(a.first_low, c.first_low);  // the bootstrap does
  EXPECT_FALSE(a.zero_variance);
  EXPECT_GT(a.variance, 0.0);
  for (std::size_t i = 0; i < dims; ++i) {
    EXPECT_LT(a.first_low[i], a.first[i]);
    EXPECT_GT(a.first_high[i], a.first[i]);
    EXPECT_LT(a.total_low[i], a.total[i]);
    EXPECT_GT(a.total_high[i], a.total[i]);
    EXPECT_GT(a.first_se[i], 0.0);
    EXPECT_GT(a.total_se[i], 0.0);
  }
  const SobolIndices wide = sobol_indices(y, n, dims, 200, 0.99, 11);
  EXPECT_LT(wide.first_low[0], a.first_low[0]);
}

TEST(SobolIndices, InvariantToShiftAndScaleOfTheOutput) {
  // Centring f(B) makes the first-order estimator ignore a constant added to y; without it a
  // shift of 1e6 would swamp the estimate.
  const std::size_t n = 128, dims = 3;
  const UnitDesign design = saltelli_design(n, dims);
  const SobolIndices plain =
      sobol_indices(interaction_outputs(design, 0.0, 1.0), n, dims, 50, 0.95, 3);
  const SobolIndices moved =
      sobol_indices(interaction_outputs(design, 1e6, 1e-3), n, dims, 50, 0.95, 3);
  for (std::size_t i = 0; i < dims; ++i) {
    EXPECT_NEAR(moved.first[i], plain.first[i], 1e-6);
    EXPECT_NEAR(moved.total[i], plain.total[i], 1e-6);
    EXPECT_NEAR(moved.first_high[i], plain.first_high[i], 1e-6);
  }
}

TEST(SobolIndices, ConstantOutputGivesZerosAndTheFlag) {
  const std::size_t n = 8, dims = 2;
  const std::vector<double> y(n * (dims + 2), 0.1);
  const SobolIndices s = sobol_indices(y, n, dims, 100, 0.95, 1);
  EXPECT_TRUE(s.zero_variance);
  EXPECT_EQ(s.variance, 0.0);
  for (const auto* v : {&s.first, &s.first_low, &s.first_high, &s.total, &s.total_low,
                        &s.total_high, &s.first_se, &s.total_se}) {
    ASSERT_EQ(v->size(), dims);
    for (double x : *v) EXPECT_EQ(x, 0.0);
  }
}

TEST(SobolIndices, FewBaseSamplesNeverGiveNaN) {
  // With N = 2 many resamples pick the same row twice, so their A and B outputs may all be
  // equal: those count as 0, never 0/0.
  const std::size_t n = 2, dims = 2;
  const std::vector<double> y = {1, 1, 1, 1, 1, 2, 3, 4};  // f(A) = f(B) = 1, AB rows differ
  const SobolIndices s = sobol_indices(y, n, dims, 100, 0.95, 1);
  EXPECT_TRUE(s.zero_variance);
  const std::vector<double> varied = {1, 2, 1, 2, 3, 4, 5, 6};  // f(A) = f(B) row by row
  const SobolIndices t = sobol_indices(varied, n, dims, 100, 0.95, 1);
  EXPECT_FALSE(t.zero_variance);
  for (std::size_t i = 0; i < dims; ++i)
    for (double x : {t.first[i], t.first_low[i], t.first_high[i], t.total[i], t.total_low[i],
                     t.total_high[i], t.first_se[i], t.total_se[i]})
      EXPECT_TRUE(std::isfinite(x));
}

TEST(SobolIndices, RejectsBadInput) {
  const std::vector<double> y(8 * 5, 1.0);
  EXPECT_THROW(sobol_indices(y, 8, 4, 100, 0.95, 1), std::invalid_argument);  // size
  EXPECT_THROW(sobol_indices(std::vector<double>(5, 1.0), 1, 3, 100, 0.95, 1),
               std::invalid_argument);  // N < 2
  EXPECT_THROW(sobol_indices(std::vector<double>(16, 1.0), 8, 0, 100, 0.95, 1),
               std::invalid_argument);  // dims 0
  EXPECT_THROW(sobol_indices(y, 8, 3, 100, 1.0, 1), std::invalid_argument);
  EXPECT_THROW(sobol_indices(y, 8, 3, 100, 0.0, 1), std::invalid_argument);
  EXPECT_THROW(sobol_indices(y, 8, 3, 100, std::nan(""), 1), std::invalid_argument);
  EXPECT_THROW(sobol_indices(y, 8, 3, 1, 0.95, 1), std::invalid_argument);  // resamples
  std::vector<double> bad = y;
  bad[17] = std::numeric_limits<double>::quiet_NaN();
  try {
    sobol_indices(bad, 8, 3, 100, 0.95, 1);
    FAIL() << "NaN accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("y[17]"), std::string::npos) << e.what();
  }
  try {
    sobol_indices(y, 8, 4, 100, 0.95, 1);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("48"), std::string::npos) << e.what();
  }
}

}  // namespace
