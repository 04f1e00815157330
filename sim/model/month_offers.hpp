#pragma once
// The offers of one market month (site_markets.cpp). Instead of one event per vacancy or
// dwelling, a site draws at each market month the offers that can end in a hire or a let:
// a Poisson count with mean rate x days x (share kept here) x (ceiling of the acceptance
// chance), a thinning of the Poisson stream of offers that leaves its law unchanged. Each
// offer kept gets its day, uniform in the month, and two 32-bit uniforms drawn now: the
// searcher it reaches and the acceptance, settled on that day against the pool of that day.
// The stream is keyed by (site, market, month), so the draws depend on nothing else.
#include <cstdint>

#include "sim/engine/distributions.hpp"
#include "sim/engine/random_stream.hpp"

namespace spipsim::model {

struct MonthOffer {
  double day;
  std::uint32_t pick;    // the searcher it reaches: unit_interval(pick) into the pool
  std::uint32_t accept;  // unit_interval(accept) against the acceptance chance
};

// A 32-bit draw as a uniform on (0, 1), never 0 or 1.
inline double unit_interval(std::uint32_t bits) {
  return (double(bits) + 0.5) * 0x1.0p-32;
}

// Draws Poisson(mean) offers on [start, start + days) and passes each to emit, in draw order
// (not in day order: the event queue orders them). Returns the count.
template <class Emit>
std::uint32_t draw_offers(engine::RandomStream& rng, double start, double days, double mean,
                          Emit&& emit) {
  const std::uint32_t n = mean > 0 ? engine::poisson(rng, mean) : 0;
  for (std::uint32_t k = 0; k < n; ++k) {
    const double day = start + days * rng.uniform();
    const std::uint64_t bits = rng.next_u64();
    emit(MonthOffer{day, std::uint32_t(bits), std::uint32_t(bits >> 32)});
  }
  return n;
}

}  // namespace spipsim::model
