#pragma once
// Sampling designs in the unit hypercube [0, 1)^dims for parameter sweeps: Latin hypercube,
// the Sobol' low-discrepancy sequence and the Saltelli (2010) layout that sobol_indices
// reads. Mapping the unit values to parameter ranges is the caller's job.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace spipsim::stats {

// Points in the unit hypercube, row-major: (row, dim) -> values[row * dims + dim].
struct UnitDesign {
  std::size_t dims = 0;
  std::vector<double> values;

  std::size_t rows() const { return dims == 0 ? 0 : values.size() / dims; }
  double operator()(std::size_t row, std::size_t dim) const { return values[row * dims + dim]; }
};

// `points` points, one per stratum [k/n, (k+1)/n) in every dimension (n = points), uniform
// inside its stratum; the strata are matched across dimensions by independent random
// permutations. A pure function of seed, and column j depends only on (seed, j, points): adding
// dimensions leaves the existing columns unchanged. Throws std::invalid_argument when points or
// dims is 0.
UnitDesign latin_hypercube(std::size_t points, std::size_t dims, std::uint64_t seed);

// The Sobol' sequence x_0 = 0, x_1, x_2, ... in `dims` dimensions (boost::random::sobol,
// Joe-Kuo 2008 direction numbers, Gray-code order, the order of scipy.stats.qmc.Sobol):
// returns x_{1 + skip}, ..., x_{skip + points}. The all-zero point x_0 is never returned (it
// sits on the boundary of every dimension). We recommend skip = 0 and points a power of two:
// the first 2^m points then fill every elementary box of volume 2^-m as evenly as the
// sequence allows, and skipping more points spoils that balance rather than improving it
// (Owen 2020, "On dropping the first Sobol' point"). A non-zero skip is for continuing a
// sequence (for example skip = 2^m after a first batch of 2^m points). Throws
// std::invalid_argument when points is 0, or dims is 0 or above max_sobol_dims.
UnitDesign sobol_points(std::size_t points, std::size_t dims, std::size_t skip = 0);

// The largest dims boost::random::sobol supports (3667 with Boost's default table).
std::size_t max_sobol_dims();

// Saltelli (2010) design with N = base_samples base samples: A and B are the first and last
// `dims` columns of sobol_points(N, 2 * dims); rows are [A (N rows), B (N rows),
// AB_1 (N rows), ..., AB_dims (N rows)], where AB_i is A with column i taken from B. That is
// N * (dims + 2) rows of `dims` columns. Take N a power of two (see sobol_points). Throws
// std::invalid_argument when base_samples < 2, dims is 0 or 2 * dims > max_sobol_dims.
UnitDesign saltelli_design(std::size_t base_samples, std::size_t dims);

// The same layout from any base: `base` holds N points in 2 * dims dimensions, A = its first
// dims columns and B = its last dims. With base = latin_hypercube(N, 2 * dims, seed) this is
// a random (not quasi-random) Saltelli design. Throws std::invalid_argument when base has an
// odd or zero number of dimensions or fewer than 2 rows.
UnitDesign saltelli_from_base(const UnitDesign& base);

}  // namespace spipsim::stats
