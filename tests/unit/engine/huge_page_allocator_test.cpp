// HugePageAllocator: small blocks keep the alignment asked for, large ones start on a 2 MiB
// boundary (so that madvise covers whole huge pages), and both hold what is stored in them.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "sim/engine/huge_page_allocator.hpp"

namespace spipsim::engine {
namespace {

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

TEST(HugePageAllocator, SmallBlocksKeepTheirAlignment) {
  HugePageAllocator<std::uint64_t, 64> lines;
  for (std::size_t n : {1u, 7u, 1000u}) {
    std::uint64_t* p = lines.allocate(n);
    EXPECT_EQ(address(p) % 64, 0u) << n;
    lines.deallocate(p, n);
  }
}

TEST(HugePageAllocator, LargeBlocksStartOnAHugePage) {
  std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> v(3 * kHugePageBytes / 4 + 5);
  EXPECT_EQ(address(v.data()) % kHugePageBytes, 0u);
  std::iota(v.begin(), v.end(), 0u);
  v.resize(2 * v.size());  // grows into a new block: what was stored moves with it
  EXPECT_EQ(address(v.data()) % kHugePageBytes, 0u);
  for (std::size_t i = 0; i < 3 * kHugePageBytes / 4 + 5; ++i) ASSERT_EQ(v[i], i);
  v.clear();
  v.shrink_to_fit();  // a small block again, freed with the matching alignment
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace spipsim::engine
