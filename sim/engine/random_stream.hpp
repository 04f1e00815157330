#pragma once
// Counter-based random streams (Philox4x32-10 from Random123). A stream is named by
// (seed, replicate, purpose, entity) and produces the same numbers wherever and whenever it
// is created: never keyed by thread, array slot or clock. Keying by entity is what makes
// common random numbers work: person 1234's recidivism threshold is the same draw in every
// scenario that creates person 1234.
//
// Layout: key = seed (2 x 32 bits); counter = {draw index, entity low 32 bits,
// entity high 16 bits | purpose << 16, replicate}. So entity ids must be < 2^48 and
// purposes < 2^16; each stream yields up to 2^32 blocks of 128 bits.
#include <cstdint>

#include <Random123/philox.h>

namespace spipsim::engine {

// Purposes name why numbers are drawn. Engine purposes sit below 256; the model numbers its
// own from kFirstModelPurpose so engine and model streams never overlap.
using Purpose = std::uint16_t;
inline constexpr Purpose kFirstModelPurpose = 256;

class RandomStream {
 public:
  RandomStream() = default;
  RandomStream(std::uint64_t seed, std::uint32_t replicate, Purpose purpose, std::uint64_t entity,
               std::uint32_t first_block = 0)
      : block_(first_block) {
    key_ = {{std::uint32_t(seed), std::uint32_t(seed >> 32)}};
    ctr_ = {{0u, std::uint32_t(entity),
             std::uint32_t((entity >> 32) & 0xffffu) | (std::uint32_t(purpose) << 16), replicate}};
  }

  // 64 uniformly distributed bits: the next two 32-bit words of the block (a new block when
  // fewer than two are left).
  std::uint64_t next_u64() {
    if (used_ > 2) refill();
    std::uint64_t v = (std::uint64_t(out_[used_ + 1]) << 32) | out_[used_];
    used_ += 2;
    return v;
  }

  // 32 uniformly distributed bits: the next word of the block. A block holds four, so a
  // caller that needs few draws, each compared with a probability, computes one Philox block
  // where 64-bit draws would compute two.
  std::uint32_t next_u32() {
    if (used_ > 3) refill();
    return out_[used_++];
  }

  // A double uniform on the open interval (0, 1), with 53 random bits; never 0 or 1, so
  // log(u) and log(1 - u) are always finite.
  double uniform() { return (double(next_u64() >> 11) + 0.5) * 0x1.0p-53; }

  // A double uniform on (0, 1) from 32 random bits (steps of 2^-32), never 0 or 1: for
  // draws compared with a probability, where that resolution is ample and half the
  // Philox work of uniform() is not.
  double uniform32() { return (double(next_u32()) + 0.5) * 0x1.0p-32; }

  // Number of 128-bit blocks consumed so far; a stream rebuilt with this as first_block
  // continues where this one stopped (after the half-used block, if any).
  std::uint32_t blocks_used() const { return block_; }

 private:
  void refill() {
    ctr_.v[0] = block_++;
    r123::Philox4x32 rng;
    out_ = rng(ctr_, key_);
    used_ = 0;
  }

  r123::Philox4x32::key_type key_{};
  r123::Philox4x32::ctr_type ctr_{};
  r123::Philox4x32::ctr_type out_{};
  std::uint32_t block_ = 0;
  std::uint32_t used_ = 4;  // 32-bit words of out_ consumed
};

}  // namespace spipsim::engine
