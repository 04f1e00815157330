#pragma once
// The pending event set of one logical process: a 4-ary min-heap with a total order
// (time, priority, origin, sequence). Two runs that push the same events in the same order
// pop them in the same order, whatever the platform: ties never depend on addresses,
// threads or the standard library's heap algorithm.
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/engine/sim_time.hpp"

namespace spipsim::engine {

// Lower values run first among events at the same instant.
using Priority = std::uint8_t;

struct EventKey {
  double time;
  std::uint64_t rank;  // priority << 56 | origin << 32 | low bits unused
  std::uint64_t sequence;

  friend bool operator<(const EventKey& a, const EventKey& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.sequence < b.sequence;
  }
};

template <class Payload>
class EventQueue {
 public:
  struct Entry {
    EventKey key;
    Payload payload;
  };

  void push(SimTime t, Priority priority, std::uint32_t origin, Payload payload) {
    EventKey key{t.in_days(), (std::uint64_t(priority) << 56) | (std::uint64_t(origin) << 32),
                 next_sequence_++};
    heap_.push_back(Entry{key, std::move(payload)});
    sift_up(heap_.size() - 1);
  }

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  SimTime next_time() const {
    return heap_.empty() ? SimTime::never() : SimTime::days(heap_.front().key.time);
  }
  const Entry& top() const { return heap_.front(); }

  // Removes and returns the first event. Precondition: !empty().
  Entry pop() {
    Entry first = std::move(heap_.front());
    if (heap_.size() > 1) {
      heap_.front() = std::move(heap_.back());
      heap_.pop_back();
      sift_down(0);
    } else {
      heap_.pop_back();
    }
    return first;
  }

  void reserve(std::size_t n) { heap_.reserve(n); }
  std::uint64_t pushed() const { return next_sequence_; }

 private:
  static constexpr std::size_t kArity = 4;

  void sift_up(std::size_t i) {
    Entry moving = std::move(heap_[i]);
    while (i > 0) {
      std::size_t parent = (i - 1) / kArity;
      if (!(moving.key < heap_[parent].key)) break;
      heap_[i] = std::move(heap_[parent]);
      i = parent;
    }
    heap_[i] = std::move(moving);
  }

  void sift_down(std::size_t i) {
    const std::size_t n = heap_.size();
    Entry moving = std::move(heap_[i]);
    for (;;) {
      std::size_t first_child = i * kArity + 1;
      if (first_child >= n) break;
      std::size_t last_child = std::min(first_child + kArity, n);
      std::size_t best = first_child;
      for (std::size_t c = first_child + 1; c < last_child; ++c)
        if (heap_[c].key < heap_[best].key) best = c;
      if (!(heap_[best].key < moving.key)) break;
      heap_[i] = std::move(heap_[best]);
      i = best;
    }
    heap_[i] = std::move(moving);
  }

  std::vector<Entry> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace spipsim::engine
