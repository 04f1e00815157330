// PersonStore: slots are allocated with every column at its initial value, released slots
// are recycled last-in first-out, and a recycled slot gets a new generation so that old
// PersonRefs (in pending events and queues) can be told from the new occupant.
#include "sim/model/person_store.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spipsim::model {
namespace {

TEST(PersonStore, AllocatesFreshSlotsAtInitialValues) {
  PersonStore store;
  EXPECT_EQ(store.slots(), 0u);
  std::uint32_t a = store.allocate(), b = store.allocate();
  EXPECT_EQ(a, 0u);
  EXPECT_EQ(b, 1u);
  EXPECT_EQ(store.slots(), 2u);
  EXPECT_EQ(store.live(), 2u);
  EXPECT_EQ(store.status[a], Status::Free);
  EXPECT_EQ(store.generation[a], 0u);
  EXPECT_EQ(store.officer[a], kNone);
  EXPECT_TRUE(std::isnan(store.index_day[a]));
  EXPECT_EQ(store.employed_12m[a], -1);
  EXPECT_FALSE(store.has_index[a]);
}

TEST(PersonStore, ReleaseAndRecycleBumpTheGeneration) {
  PersonStore store;
  std::uint32_t a = store.allocate();
  store.allocate();
  store.status[a] = Status::Supervised;
  store.id[a] = 42;
  store.employed[a] = true;
  store.officer[a] = 3;
  store.index_day[a] = 10.0;
  std::uint32_t version = store.status_version[a];

  store.release(a);
  EXPECT_EQ(store.status[a], Status::Free);
  EXPECT_EQ(store.status_version[a], version + 1) << "events scheduled before must go stale";
  EXPECT_EQ(store.live(), 1u);
  EXPECT_EQ(store.slots(), 2u);

  std::uint32_t again = store.allocate();
  EXPECT_EQ(again, a) << "the freed slot is reused before the store grows";
  EXPECT_EQ(store.slots(), 2u);
  EXPECT_EQ(store.generation[a], 1u);
  EXPECT_EQ(store.status_version[a], version + 2);
  // Every other column is back at its initial value.
  EXPECT_EQ(store.id[a], 0u);
  EXPECT_FALSE(store.employed[a]);
  EXPECT_EQ(store.officer[a], kNone);
  EXPECT_TRUE(std::isnan(store.index_day[a]));
  EXPECT_EQ(store.status[a], Status::Free);
}

TEST(PersonStore, RecyclesLastReleasedFirst) {
  PersonStore store;
  for (int i = 0; i < 4; ++i) store.allocate();
  store.release(1);
  store.release(3);
  EXPECT_EQ(store.allocate(), 3u);
  EXPECT_EQ(store.allocate(), 1u);
  EXPECT_EQ(store.allocate(), 4u) << "no free slot left: the store grows";
  EXPECT_EQ(store.generation[3], 1u);
  EXPECT_EQ(store.generation[1], 1u);
  EXPECT_EQ(store.generation[4], 0u);
}

TEST(PersonStore, GenerationsKeepCountingOverManyRecycles) {
  PersonStore store;
  std::uint32_t s = store.allocate();
  for (std::uint32_t g = 1; g <= 5; ++g) {
    store.release(s);
    EXPECT_EQ(store.allocate(), s);
    EXPECT_EQ(store.generation[s], g);
  }
}

TEST(PersonStore, BytesPerSlotCoversTheFields) {
  EXPECT_GT(PersonStore::bytes_per_slot(), sizeof(std::uint64_t) + sizeof(double));
}

}  // namespace
}  // namespace spipsim::model
