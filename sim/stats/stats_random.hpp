#pragma once
// Randomness of the stats layer: the purposes of its engine::RandomStream streams and an
// unbiased integer draw. The purposes sit in the engine's range (below
// engine::kFirstModelPurpose), apart from the model's, and each function keys its streams by
// its own purpose, so two designs drawn with the same seed are still independent.
#include <cstdint>

#include "sim/engine/random_stream.hpp"

namespace spipsim::stats {

// latin_hypercube: entity = dimension, one stream per column.
inline constexpr engine::Purpose kPurposeLatinHypercube = 16;
// sobol_indices: entity = resample number, one stream per bootstrap resample.
inline constexpr engine::Purpose kPurposeSobolBootstrap = 17;

// An integer uniform on [0, n), n > 0, without modulo bias: the 2^64 mod n smallest 64-bit
// draws are rejected, so the accepted range holds a whole number of copies of [0, n).
inline std::uint64_t uniform_below(engine::RandomStream& stream, std::uint64_t n) {
  const std::uint64_t rejected = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    const std::uint64_t x = stream.next_u64();
    if (x >= rejected) return x % n;
  }
}

}  // namespace spipsim::stats
