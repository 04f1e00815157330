// SeekerPool: O(1) add, remove and uniform pick, with each member's position kept in a
// PersonStore-style column.
#include "sim/model/seeker_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace spipsim::model {
namespace {

TEST(SeekerPool, AddIsIdempotentAndRecordsPositions) {
  SeekerPool pool;
  std::vector<std::uint32_t> pos(5, kNone);
  EXPECT_TRUE(pool.empty());
  pool.add(2, pos);
  pool.add(4, pos);
  pool.add(2, pos);  // already in: no duplicate
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pos[2], 0u);
  EXPECT_EQ(pos[4], 1u);
  EXPECT_EQ(pos[0], kNone);
}

TEST(SeekerPool, RemoveMovesTheLastMemberIntoTheHole) {
  SeekerPool pool;
  std::vector<std::uint32_t> pos(5, kNone);
  for (std::uint32_t s : {0u, 1u, 2u, 3u}) pool.add(s, pos);
  pool.remove(1, pos);
  EXPECT_EQ(pool.size(), 3u);
  EXPECT_EQ(pos[1], kNone);
  EXPECT_EQ(pos[3], 1u) << "the last member took the freed position";
  pool.remove(1, pos);  // not a member: nothing happens
  pool.remove(4, pos);
  EXPECT_EQ(pool.size(), 3u);
  std::set<std::uint32_t> members;
  for (double u : {0.01, 0.4, 0.99}) members.insert(pool.pick(u));
  EXPECT_EQ(members, (std::set<std::uint32_t>{0, 2, 3}));
  for (std::uint32_t s : {0u, 2u, 3u}) pool.remove(s, pos);
  EXPECT_TRUE(pool.empty());
  EXPECT_TRUE(std::all_of(pos.begin(), pos.end(), [](auto p) { return p == kNone; }));
}

TEST(SeekerPool, PickMapsTheUnitIntervalOntoMembersUniformly) {
  SeekerPool pool;
  std::vector<std::uint32_t> pos(4, kNone);
  for (std::uint32_t s : {3u, 1u, 0u, 2u}) pool.add(s, pos);
  // Member i owns [i/4, (i+1)/4).
  EXPECT_EQ(pool.pick(0.0001), 3u);
  EXPECT_EQ(pool.pick(0.2499), 3u);
  EXPECT_EQ(pool.pick(0.25), 1u);
  EXPECT_EQ(pool.pick(0.6), 0u);
  EXPECT_EQ(pool.pick(0.9999), 2u);
  EXPECT_EQ(pool.pick(1.0), 2u) << "u rounded to 1 still picks a member";
}

}  // namespace
}  // namespace spipsim::model
