#pragma once
// FNV-1a, 64 bits: a fast, fully specified hash for fingerprints (is this journal from the
// same sweep?) and record checks (was this record torn by a crash?). Not cryptographic: it
// detects accidents, not tampering. Same input, same value on every platform: integers and
// doubles are hashed by their little-endian bytes (the only byte order spipsim builds on).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace spipsim::engine {

static_assert(std::endian::native == std::endian::little, "hashes assume little-endian bytes");

class ContentHash {
 public:
  ContentHash& bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      state_ ^= p[i];
      state_ *= 0x100000001b3ULL;
    }
    return *this;
  }
  // A string is hashed with its length first, so ("ab", "c") and ("a", "bc") differ.
  ContentHash& text(std::string_view s) {
    number(static_cast<std::uint64_t>(s.size()));
    return bytes(s.data(), s.size());
  }
  ContentHash& number(std::uint64_t v) { return bytes(&v, sizeof v); }
  ContentHash& number(double v) { return bytes(&v, sizeof v); }
  ContentHash& numbers(std::span<const double> v) { return bytes(v.data(), v.size_bytes()); }

  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace spipsim::engine
