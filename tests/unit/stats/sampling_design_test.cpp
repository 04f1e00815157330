#include "sim/stats/sampling_design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

using namespace spipsim::stats;

namespace {

std::vector<double> column(const UnitDesign& design, std::size_t dim) {
  std::vector<double> out;
  for (std::size_t row = 0; row < design.rows(); ++row) out.push_back(design(row, dim));
  return out;
}

TEST(LatinHypercube, OnePointPerStratumInEveryColumn) {
  for (std::size_t n : {1u, 2u, 7u, 100u, 1000u}) {
    const UnitDesign design = latin_hypercube(n, 5, 42);
    ASSERT_EQ(design.dims, 5u);
    ASSERT_EQ(design.rows(), n);
    for (std::size_t dim = 0; dim < 5; ++dim) {
      // Sorted, the k-th value must lie in the k-th stratum [k/n, (k+1)/n).
      std::vector<double> xs = column(design, dim);
      std::sort(xs.begin(), xs.end());
      for (std::size_t k = 0; k < n; ++k) {
        EXPECT_GE(xs[k], double(k) / double(n)) << "n " << n << " dim " << dim << " k " << k;
        EXPECT_LT(xs[k], double(k + 1) / double(n)) << "n " << n << " dim " << dim << " k " << k;
      }
    }
  }
}

TEST(LatinHypercube, PureFunctionOfSeed) {
  const UnitDesign a = latin_hypercube(64, 3, 7);
  EXPECT_EQ(a.values, latin_hypercube(64, 3, 7).values);
  const UnitDesign b = latin_hypercube(64, 3, 8);
  std::size_t same = 0;
  for (std::size_t k = 0; k < a.values.size(); ++k) same += a.values[k] == b.values[k];
  EXPECT_EQ(same, 0u);
  // Columns are not copies of each other (independent permutations).
  EXPECT_NE(column(a, 0), column(a, 1));
  // Column j depends only on (seed, j, points): a wider design keeps the first columns.
  const UnitDesign wide = latin_hypercube(64, 6, 7);
  for (std::size_t dim = 0; dim < 3; ++dim) EXPECT_EQ(column(wide, dim), column(a, dim));
}

TEST(LatinHypercube, PermutationsLookRandom) {
  // Column 0 against column 1 over 4 x 4 coarse cells: 10 000 points, 625 expected per cell;
  // the sd of a cell count is about sqrt(625 * 15/16) = 24, so 6 sd is 150.
  const std::size_t n = 10000;
  const UnitDesign design = latin_hypercube(n, 2, 3);
  std::vector<int> cells(16, 0);
  for (std::size_t row = 0; row < n; ++row)
    ++cells[std::size_t(design(row, 0) * 4) * 4 + std::size_t(design(row, 1) * 4)];
  for (int count : cells) EXPECT_NEAR(count, 625, 150);
}

TEST(LatinHypercube, RejectsEmptyDesigns) {
  EXPECT_THROW(latin_hypercube(0, 2, 1), std::invalid_argument);
  EXPECT_THROW(latin_hypercube(4, 0, 1), std::invalid_argument);
}

TEST(SobolPoints, FirstPointsAreThePublishedSequence) {
  // Joe-Kuo direction numbers in Gray-code order (as in Boost's documentation and
  // scipy.stats.qmc.Sobol(scramble=False)), x_0 = 0 dropped. Dimension 1 is van der Corput;
  // dimension 2 has polynomial x + 1, m = (1), so m_k = 2 m_{k-1} ^ m_{k-1}: v = 1/2, 3/4, 5/8;
  // dimension 3 has x^2 + x + 1, m = (1, 3), so m_3 = 2 m_2 ^ 4 m_1 ^ m_1 = 3: v = 1/2, 3/4, 3/8.
  // x_n is the XOR of the v_k over the bits of gray(n) = n ^ (n >> 1).
  const std::vector<std::vector<double>> expected = {
      {0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},    {0.25, 0.75, 0.75},   {0.375, 0.375, 0.625},
      {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875}, {0.125, 0.625, 0.375}};
  const UnitDesign design = sobol_points(expected.size(), 3);
  ASSERT_EQ(design.rows(), expected.size());
  for (std::size_t row = 0; row < expected.size(); ++row)
    for (std::size_t dim = 0; dim < 3; ++dim)
      EXPECT_EQ(design(row, dim), expected[row][dim]) << "row " << row << " dim " << dim;
  // The 2-dimensional sequence is the first two columns.
  const UnitDesign two = sobol_points(expected.size(), 2);
  for (std::size_t row = 0; row < expected.size(); ++row) {
    EXPECT_EQ(two(row, 0), expected[row][0]);
    EXPECT_EQ(two(row, 1), expected[row][1]);
  }
}

TEST(SobolPoints, SkipContinuesTheSequence) {
  const UnitDesign all = sobol_points(40, 4);
  const UnitDesign later = sobol_points(8, 4, 32);
  for (std::size_t row = 0; row < 8; ++row)
    for (std::size_t dim = 0; dim < 4; ++dim) EXPECT_EQ(later(row, dim), all(32 + row, dim));
}

TEST(SobolPoints, PowerOfTwoPointsAreBalanced) {
  // x_0..x_{2^m - 1} puts 2^m / 16 points in each stratum of width 1/16 of every dimension;
  // dropping x_0 = 0 and taking x_{2^m} instead moves one point to another stratum.
  const std::size_t n = 1024;
  const UnitDesign design = sobol_points(n, 10);
  for (std::size_t dim = 0; dim < 10; ++dim) {
    std::vector<int> strata(16, 0);
    for (std::size_t row = 0; row < n; ++row) {
      ASSERT_GE(design(row, dim), 0.0);
      ASSERT_LT(design(row, dim), 1.0);
      ++strata[std::size_t(design(row, dim) * 16)];
    }
    for (int count : strata) EXPECT_NEAR(count, 64, 1) << "dim " << dim;
  }
}

TEST(SobolPoints, RejectsBadSizes) {
  EXPECT_THROW(sobol_points(0, 2), std::invalid_argument);
  EXPECT_THROW(sobol_points(4, 0), std::invalid_argument);
  EXPECT_THROW(sobol_points(4, max_sobol_dims() + 1), std::invalid_argument);
  EXPECT_NO_THROW(sobol_points(2, max_sobol_dims()));
}

TEST(SaltelliDesign, LayoutIsABThenEachABi) {
  const std::size_t n = 16, dims = 3;
  const UnitDesign design = saltelli_design(n, dims);
  ASSERT_EQ(design.dims, dims);
  ASSERT_EQ(design.rows(), n * (dims + 2));
  const UnitDesign base = sobol_points(n, 2 * dims);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t k = 0; k < dims; ++k) {
      EXPECT_EQ(design(j, k), base(j, k)) << "A row " << j;
      EXPECT_EQ(design(n + j, k), base(j, dims + k)) << "B row " << j;
    }
    for (std::size_t i = 0; i < dims; ++i)
      for (std::size_t k = 0; k < dims; ++k) {
        const double expected = k == i ? design(n + j, k) : design(j, k);
        EXPECT_EQ(design((2 + i) * n + j, k), expected) << "AB_" << i << " row " << j;
      }
  }
}

TEST(SaltelliDesign, FromARandomBaseAndBadSizes) {
  const UnitDesign base = latin_hypercube(8, 4, 5);
  const UnitDesign design = saltelli_from_base(base);
  EXPECT_EQ(design.dims, 2u);
  EXPECT_EQ(design.rows(), 8u * 4u);
  EXPECT_EQ(design(2 * 8 + 3, 0), base(3, 2));  // AB_1 row 3, column 0 from B
  EXPECT_EQ(design(2 * 8 + 3, 1), base(3, 1));  // ... column 1 from A
  EXPECT_THROW(saltelli_from_base(latin_hypercube(8, 3, 5)), std::invalid_argument);
  EXPECT_THROW(saltelli_from_base(latin_hypercube(1, 4, 5)), std::invalid_argument);
  EXPECT_THROW(saltelli_design(1, 3), std::invalid_argument);
  EXPECT_THROW(saltelli_design(8, 0), std::invalid_argument);
  EXPECT_THROW(saltelli_design(8, max_sobol_dims() / 2 + 1), std::invalid_argument);
}

}  // namespace
