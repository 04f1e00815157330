#include "sim/stats/sampling_design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <boost/random/sobol.hpp>

#include "sim/stats/stats_random.hpp"

namespace spipsim::stats {

UnitDesign latin_hypercube(std::size_t points, std::size_t dims, std::uint64_t seed) {
  if (points == 0) throw std::invalid_argument("latin_hypercube: points must be at least 1");
  if (dims == 0) throw std::invalid_argument("latin_hypercube: dims must be at least 1");
  UnitDesign design{dims, std::vector<double>(points * dims)};
  const double n = double(points);
  std::vector<std::size_t> stratum(points);
  for (std::size_t dim = 0; dim < dims; ++dim) {
    engine::RandomStream stream(seed, 0, kPurposeLatinHypercube, dim);
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    // Fisher-Yates: row k gets stratum[k], every permutation equally likely.
    for (std::size_t k = points - 1; k > 0; --k)
      std::swap(stratum[k], stratum[uniform_below(stream, k + 1)]);
    for (std::size_t row = 0; row < points; ++row) {
      const double lo = double(stratum[row]) / n;
      const double hi = double(stratum[row] + 1) / n;
      double value = lo + stream.uniform() * (hi - lo);
      // Rounding may land exactly on hi (u is within 2^-53 of 1): keep the stratum half-open.
      if (value >= hi) value = std::nextafter(hi, lo);
      design.values[row * dims + dim] = std::max(value, lo);
    }
  }
  return design;
}

std::size_t max_sobol_dims() {
  return boost::random::default_sobol_table::max_dimension;
}

UnitDesign sobol_points(std::size_t points, std::size_t dims, std::size_t skip) {
  if (points == 0) throw std::invalid_argument("sobol_points: points must be at least 1");
  if (dims == 0 || dims > max_sobol_dims())
    throw std::invalid_argument("sobol_points: dims is " + std::to_string(dims) +
                                ", it must be between 1 and " + std::to_string(max_sobol_dims()) +
                                " (the dimensions of Boost's Sobol' table)");
  // boost::random::sobol already starts at x_1 (it skips the all-zero point) and yields the
  // coordinates of one point after the other.
  boost::random::sobol sequence(dims);
  sequence.discard(boost::uintmax_t(skip) * dims);
  UnitDesign design{dims, std::vector<double>(points * dims)};
  // The top 53 of the 64 bits convert exactly to a double in [0, 1); the first 2^53 points
  // have no lower bits set.
  for (double& value : design.values) value = double(sequence() >> 11) * 0x1.0p-53;
  return design;
}

UnitDesign saltelli_from_base(const UnitDesign& base) {
  if (base.dims == 0 || base.dims % 2 != 0)
    throw std::invalid_argument("saltelli_from_base: the base has " + std::to_string(base.dims) +
                                " dimensions; it needs 2 * dims (A's columns, then B's)");
  const std::size_t n = base.rows();
  if (n < 2)
    throw std::invalid_argument("saltelli_from_base: the base has " + std::to_string(n) +
                                " rows; it needs at least 2");
  const std::size_t dims = base.dims / 2;
  UnitDesign design{dims, std::vector<double>(n * (dims + 2) * dims)};
  auto row_of = [&](std::size_t block, std::size_t j) {
    return design.values.begin() + std::ptrdiff_t((block * n + j) * dims);
  };
  for (std::size_t j = 0; j < n; ++j) {
    const auto a = base.values.begin() + std::ptrdiff_t(j * base.dims);
    const auto b = a + std::ptrdiff_t(dims);
    std::copy(a, b, row_of(0, j));
    std::copy(b, b + std::ptrdiff_t(dims), row_of(1, j));
    for (std::size_t i = 0; i < dims; ++i) {
      std::copy(a, b, row_of(2 + i, j));
      row_of(2 + i, j)[std::ptrdiff_t(i)] = b[std::ptrdiff_t(i)];
    }
  }
  return design;
}

UnitDesign saltelli_design(std::size_t base_samples, std::size_t dims) {
  if (base_samples < 2)
    throw std::invalid_argument("saltelli_design: base_samples is " + std::to_string(base_samples) +
                                ", it must be at least 2");
  if (dims == 0 || 2 * dims > max_sobol_dims())
    throw std::invalid_argument(
        "saltelli_design: dims is " + std::to_string(dims) + ", it must be between 1 and " +
        std::to_string(max_sobol_dims() / 2) + " (A and B take 2 * dims Sobol' dimensions)");
  return saltelli_from_base(sobol_points(base_samples, 2 * dims));
}

}  // namespace spipsim::stats
