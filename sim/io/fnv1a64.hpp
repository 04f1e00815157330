#pragma once
// FNV-1a, 64-bit (Fowler, Noll, Vo; draft-eastlake-fnv): for each byte, h = (h ^ byte) *
// 1099511628211, from h = 14695981039346656037, modulo 2^64. Chosen for the content
// checksum of results files because it is fully defined by those two constants and one
// line, so any language can recompute it (docs/hdf5-schema.md shows it in Python). It
// detects accidental change, not deliberate forgery: it is not a cryptographic hash.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace spipsim::io {

class Fnv1a64 {
 public:
  static constexpr std::uint64_t kOffsetBasis = 14695981039346656037ULL;
  static constexpr std::uint64_t kPrime = 1099511628211ULL;

  void add(const void* bytes, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    std::uint64_t h = hash_;
    for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * kPrime;
    hash_ = h;
  }
  // Eight bytes, least significant first, whatever the machine's byte order.
  void add_u64(std::uint64_t value) {
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(value >> (8 * i));
    add(bytes, sizeof bytes);
  }
  // The length (add_u64) then the bytes, so that ("ab", "c") and ("a", "bc") differ.
  void add_text(std::string_view text) {
    add_u64(text.size());
    add(text.data(), text.size());
  }

  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = kOffsetBasis;
};

}  // namespace spipsim::io
