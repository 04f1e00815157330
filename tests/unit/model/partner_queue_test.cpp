// PartnerQueue: `capacity` people in service, the rest wait first in first out, the priority
// list before the normal one.
#include "sim/model/partner_queue.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace spipsim::model {
namespace {

PersonRef person(std::uint32_t slot) {
  return {slot, 0};
}

TEST(PartnerQueue, ServesUpToCapacityThenQueues) {
  PartnerQueue q;
  q.set_capacity(2);
  EXPECT_TRUE(q.join(person(1), 0.0, false));
  EXPECT_TRUE(q.join(person(2), 1.0, false));
  EXPECT_FALSE(q.join(person(3), 2.0, false));
  EXPECT_FALSE(q.join(person(4), 3.0, false));
  EXPECT_EQ(q.busy(), 2);
  EXPECT_EQ(q.waiting(), 2u);
  PartnerQueue::Waiting w;
  EXPECT_FALSE(q.next(w)) << "no free place";
  q.finish();
  ASSERT_TRUE(q.next(w));
  EXPECT_EQ(w.who.slot, 3u);
  EXPECT_EQ(w.since_day, 2.0);
  EXPECT_EQ(q.busy(), 2);
  EXPECT_FALSE(q.next(w));
  q.finish();
  q.finish();
  ASSERT_TRUE(q.next(w));
  EXPECT_EQ(w.who.slot, 4u);
  EXPECT_FALSE(q.next(w)) << "nobody left waiting";
  EXPECT_EQ(q.busy(), 1);
}

TEST(PartnerQueue, PriorityListIsServedFirst) {
  PartnerQueue q;
  q.set_capacity(1);
  EXPECT_TRUE(q.join(person(1), 0.0, false));
  EXPECT_FALSE(q.join(person(2), 1.0, false));
  EXPECT_FALSE(q.join(person(3), 2.0, true));
  EXPECT_FALSE(q.join(person(4), 3.0, true));
  PartnerQueue::Waiting w;
  std::uint32_t order[3];
  for (std::uint32_t& slot : order) {
    q.finish();
    ASSERT_TRUE(q.next(w));
    slot = w.who.slot;
  }
  EXPECT_EQ(order[0], 3u);
  EXPECT_EQ(order[1], 4u);
  EXPECT_EQ(order[2], 2u);
}

TEST(PartnerQueue, NewcomersDoNotOvertakeTheQueue) {
  PartnerQueue q;
  q.set_capacity(1);
  q.join(person(1), 0.0, false);
  q.join(person(2), 1.0, false);
  q.finish();  // a place is free but person 2 has not been taken in yet
  EXPECT_FALSE(q.join(person(3), 2.0, false)) << "joins behind the people already waiting";
  PartnerQueue::Waiting w;
  ASSERT_TRUE(q.next(w));
  EXPECT_EQ(w.who.slot, 2u);
}

TEST(PartnerQueue, ZeroOrNegativeCapacityServesNobody) {
  PartnerQueue q;
  q.set_capacity(-3);
  EXPECT_EQ(q.capacity(), 0);
  EXPECT_FALSE(q.join(person(1), 0.0, false));
  PartnerQueue::Waiting w;
  EXPECT_FALSE(q.next(w));
  q.set_capacity(1);  // a policy opens a place: the waiting person can start
  ASSERT_TRUE(q.next(w));
  EXPECT_EQ(w.who.slot, 1u);
}

// People who gave up before their turn are skipped when it comes: they take no place, the
// caller hears of each, and the next person still waiting is served.
TEST(PartnerQueue, PeopleWhoGaveUpAreSkippedAtTheirTurn) {
  PartnerQueue q;
  q.set_capacity(1);
  EXPECT_TRUE(q.join(person(1), 0.0, false));
  EXPECT_FALSE(q.join(person(2), 1.0, false, 5.0));
  EXPECT_FALSE(q.join(person(3), 2.0, false, 20.0));
  EXPECT_FALSE(q.join(person(4), 3.0, false, 6.0));
  q.finish();
  std::vector<std::uint32_t> gone;
  PartnerQueue::Waiting w;
  ASSERT_TRUE(q.next(w, 10.0, [&](const PartnerQueue::Waiting& g) { gone.push_back(g.who.slot); }));
  EXPECT_EQ(w.who.slot, 3u);
  EXPECT_EQ(gone, std::vector<std::uint32_t>{2u}) << "only the one ahead of the served person";
  EXPECT_EQ(q.busy(), 1);
  q.finish();
  EXPECT_FALSE(q.next(w, 10.0, [&](const PartnerQueue::Waiting& g) { gone.push_back(g.who.slot); }));
  EXPECT_EQ(gone, (std::vector<std::uint32_t>{2u, 4u}));
  EXPECT_EQ(q.busy(), 0) << "a person who gave up takes no place";
  EXPECT_EQ(q.waiting(), 0u);
}

}  // namespace
}  // namespace spipsim::model
