#pragma once
// The pending event set of one logical process: a 4-ary min-heap with a total order
// (time, priority, origin, sequence). Two runs that push the same events in the same order
// pop them in the same order, whatever the platform: ties never depend on addresses,
// threads or the standard library's heap algorithm.
//
// Layout, for speed (the queue is most of the engine's time): the heap holds 16-byte nodes
// (time as an order-preserving integer, slot number) while the full entries (key, payload)
// stay put in a slot array. Four sibling nodes then fill exactly one 64-byte cache line,
// choosing the smallest child is an integer comparison, and sifting moves 16 bytes instead
// of the whole entry. The rest of the key (priority, origin, sequence) is read from the slot
// only when two times are equal. Freed slots are reused last-in first-out, so the slot a
// hold (pop, then push) writes is the one it just read, still in cache.
//
// Events pushed for the instant being processed (the time of the last pop), in key order,
// skip the heap: they wait in a first-in first-out lane, and pop() takes the smaller of the
// heap's top and the lane's front. A model that schedules a batch of events "now" (a weekly
// plan's appointments) then pays O(1) per event instead of two sifts through a heap full of
// equal times, whose ties each cost a look at the slots. The order is the same total order.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>
#include <utility>
#include <vector>

#include "sim/engine/sim_time.hpp"

namespace spipsim::engine {

// Lower values run first among events at the same instant.
using Priority = std::uint8_t;

// The rank packs the two middle terms of the order into one integer compare: priority in
// bits 56-63, origin (the logical process or entity that scheduled the event) in bits
// 24-55, the low 24 bits zero. Every value of both types fits, so the fields never overlap.
// A queue whose events all come from one origin (the model's sites pass their own index)
// orders ties by priority and then push order.
struct EventKey {
  static constexpr int kOriginShift = 24;
  static constexpr int kPriorityShift = kOriginShift + 32;
  static_assert(sizeof(Priority) * 8 + kPriorityShift == 64, "priority must fill the top bits");

  static constexpr std::uint64_t rank_of(Priority priority, std::uint32_t origin) {
    return (std::uint64_t(priority) << kPriorityShift) | (std::uint64_t(origin) << kOriginShift);
  }

  double time;
  std::uint64_t rank;  // rank_of(priority, origin)
  std::uint64_t sequence;

  Priority priority() const { return Priority(rank >> kPriorityShift); }

  friend bool operator<(const EventKey& a, const EventKey& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.sequence < b.sequence;
  }
};

namespace detail {
// Allocates on 64-byte boundaries so that each group of four sibling heap nodes is one
// cache line.
template <class T>
struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{64};
  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, kAlignment); }
  friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
};
}  // namespace detail

template <class Payload>
class EventQueue {
 public:
  struct Entry {
    EventKey key;
    Payload payload;
  };

  EventQueue() : heap_(kRoot) {}

  // With far_bucket_days > 0, events later than the current bucket of that many days wait
  // unsorted in per-bucket lists (see park) and join the heap when time reaches their
  // bucket. A model that schedules many far-future events (follow-up ends years ahead) then
  // keeps a small heap that stays in cache. Pop order is unchanged: every heap event
  // precedes every bucketed one, and the heap compares full keys.
  explicit EventQueue(double far_bucket_days) : heap_(kRoot), bucket_days_(far_bucket_days) {
    horizon_ = bucket_days_ > 0 ? bucket_days_ : std::numeric_limits<double>::infinity();
  }

  void push(SimTime t, Priority priority, std::uint32_t origin, Payload payload) {
    EventKey key{t.in_days(), EventKey::rank_of(priority, origin), next_sequence_++};
    // Same instant as the last pop, and not before the lane's last event: the sequence grows,
    // so the lane stays sorted.
    if (key.time == now_ && (lane_empty() || key.rank >= lane_.back().key.rank)) {
      lane_.push_back(Entry{key, std::move(payload)});
      return;
    }
    if (key.time >= horizon_) {
      park(Entry{key, std::move(payload)});
      if (heap_empty()) unpark_next_bucket();
      return;
    }
    push_entry(Entry{key, std::move(payload)});
  }

  bool empty() const { return heap_empty() && lane_empty(); }
  std::size_t size() const { return heap_.size() - kRoot + parked_ + lane_.size() - lane_head_; }
  SimTime next_time() const {
    if (lane_empty())
      return heap_empty() ? SimTime::never() : SimTime::days(time_of(heap_[kRoot].time));
    return SimTime::days(lane_first() ? now_ : time_of(heap_[kRoot].time));
  }
  // The first event. Precondition: !empty().
  const Entry& top() const { return lane_first() ? lane_[lane_head_] : slots_[heap_[kRoot].slot]; }

  // Removes and returns the first event. Precondition: !empty().
  Entry pop() {
    if (lane_first()) {
      Entry first = std::move(lane_[lane_head_]);
      if (++lane_head_ == lane_.size()) {
        lane_.clear();
        lane_head_ = 0;
      }
      return first;
    }
    const std::uint32_t slot = heap_[kRoot].slot;
    Entry first = std::move(slots_[slot]);
    free_slots_.push_back(slot);
    const Node last = heap_.back();
    heap_.pop_back();
    if (!heap_empty()) {
      sift_down_from_root(last);
      prefetch_top();
    } else if (parked_ > 0) {
      unpark_next_bucket();
    }
    now_ = first.key.time;
    now_bits_ = ordered_bits(now_);
    return first;
  }

  void reserve(std::size_t n) {
    heap_.reserve(n + kRoot);
    slots_.reserve(n);
    free_slots_.reserve(n);
  }
  std::uint64_t pushed() const { return next_sequence_; }

 private:
  bool heap_empty() const { return heap_.size() == kRoot; }
  bool lane_empty() const { return lane_head_ == lane_.size(); }
  // Whether the next event is the lane's front rather than the heap's top (full key order;
  // the lane's events are all at the current instant).
  bool lane_first() const {
    if (lane_empty()) return false;
    if (heap_empty()) return true;
    const Node& h = heap_[kRoot];
    if (h.time != now_bits_) return h.time > now_bits_;
    const EventKey& lk = lane_[lane_head_].key;
    const EventKey& hk = slots_[h.slot].key;
    return lk.rank != hk.rank ? lk.rank < hk.rank : lk.sequence < hk.sequence;
  }

  void push_entry(Entry entry) {
    const EventKey key = entry.key;
    std::uint32_t slot;
    if (free_slots_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.push_back(std::move(entry));
    } else {
      slot = free_slots_.back();
      free_slots_.pop_back();
      slots_[slot] = std::move(entry);
    }
    heap_.push_back(Node{ordered_bits(key.time), slot});
    sift_up(heap_.size() - 1, heap_.back());
    prefetch_top();
  }

  // Bucket b holds times in [b, b + 1) * bucket_days_; the last bucket takes everything later.
  // The buckets of the window [window_end_ - kWindow, window_end_) are a ring of lists, one
  // per bucket; a later bucket waits in the coarse list of its window (kWindow buckets) and
  // is spread over the ring when the window comes. So a push appends to one of a few dozen
  // lists whose ends are still in cache. (2026-12-03: with one list per bucket, a model with
  // events years ahead appended to hundreds of lists, each end a cache line that had left the
  // cache.) A list's memory is freed when its bucket joins the heap: keeping it for the
  // bucket kWindow later raised the national run's peak by a tenth.
  static constexpr std::size_t kMaxBuckets = 1 << 16;
  static constexpr std::size_t kWindow = 32;
  static_assert(kMaxBuckets % kWindow == 0, "the last bucket must end the last window");
  std::size_t bucket_of(double time) const {
    double b = std::floor(time / bucket_days_);
    return b < double(kMaxBuckets - 1) ? std::size_t(b) : kMaxBuckets - 1;
  }
  void park(Entry entry) {
    const std::size_t bucket = bucket_of(entry.key.time);
    if (bucket < window_end_) {
      ring_[bucket % kWindow].push_back(std::move(entry));
    } else {
      const std::size_t window = bucket / kWindow;
      if (window >= coarse_.size()) coarse_.resize(window + 1);
      coarse_[window].push_back(std::move(entry));
    }
    ++parked_;
  }

  // Moves the coarse list of the window that starts at window_end_ into the ring (every ring
  // list is empty then: their buckets are behind the horizon) and advances window_end_.
  void open_next_window() {
    const std::size_t window = window_end_ / kWindow;
    window_end_ += kWindow;
    if (window >= coarse_.size()) return;
    std::vector<Entry> spilled = std::move(coarse_[window]);
    coarse_[window] = {};
    for (Entry& e : spilled) ring_[bucket_of(e.key.time) % kWindow].push_back(std::move(e));
  }

  // Precondition: the heap is empty and parked_ > 0. Moves the first non-empty bucket into
  // the heap and advances the horizon past it.
  void unpark_next_bucket() {
    std::size_t bucket = std::size_t(horizon_ / bucket_days_);
    for (;; ++bucket) {
      while (bucket >= window_end_) open_next_window();
      if (!ring_[bucket % kWindow].empty()) break;
    }
    horizon_ = bucket + 1 >= kMaxBuckets ? std::numeric_limits<double>::infinity()
                                         : double(bucket + 1) * bucket_days_;
    std::vector<Entry>& moving = ring_[bucket % kWindow];
    parked_ -= moving.size();
    for (Entry& e : moving) push_entry(std::move(e));
    std::vector<Entry>().swap(moving);  // frees it (clear() would keep it)
  }

  struct Node {
    std::uint64_t time;  // ordered_bits(time): compares as the double does
    std::uint32_t slot;
  };
  static_assert(sizeof(Node) == 16);

  // The root sits at index 3, so the children of index i are 4i - 8 .. 4i - 5: always a
  // group starting at a multiple of 4, i.e. one aligned cache line. Indices 0-2 are unused.
  static constexpr std::size_t kRoot = 3;
  static std::size_t first_child(std::size_t i) { return 4 * i - 8; }
  static std::size_t parent(std::size_t i) { return (i >> 2) + 2; }

  // Maps a double to an unsigned integer with the same order (negative values reversed);
  // -0.0 is first made +0.0 so that the two zeros tie, as they do as doubles.
  static std::uint64_t ordered_bits(double t) {
    const auto bits = std::bit_cast<std::uint64_t>(t + 0.0);
    return (bits >> 63) ? ~bits : bits | (std::uint64_t(1) << 63);
  }
  static double time_of(std::uint64_t ordered) {
    return std::bit_cast<double>((ordered >> 63) ? ordered & ~(std::uint64_t(1) << 63) : ~ordered);
  }

  // Starts loading the entry the next pop() will read: in a large queue it is a cache miss
  // that would otherwise stall that pop; here it overlaps with the caller's own work.
  void prefetch_top() const {
#if defined(__GNUC__)
    __builtin_prefetch(&slots_[heap_[kRoot].slot]);
#endif
  }

  // The rest of the total order, for nodes whose times are equal.
  bool tie_less(const Node& a, const Node& b) const {
    const EventKey& ka = slots_[a.slot].key;
    const EventKey& kb = slots_[b.slot].key;
    if (ka.rank != kb.rank) return ka.rank < kb.rank;
    return ka.sequence < kb.sequence;
  }
  bool less(const Node& a, const Node& b) const {
    if (a.time != b.time) return a.time < b.time;
    return tie_less(a, b);
  }

  void sift_up(std::size_t i, Node moving) {
    while (i > kRoot) {
      const std::size_t p = parent(i);
      if (!less(moving, heap_[p])) break;
      heap_[i] = heap_[p];
      i = p;
    }
    heap_[i] = moving;
  }

  // Bottom-up deletion (Wegener): walk the hole left by the root down along the smallest
  // children to a leaf, then sift the former last node up from there. The last node almost
  // always belongs near the bottom, so this saves the comparison with it at every level.
  void sift_down_from_root(Node moving) {
    const std::size_t n = heap_.size();
    std::size_t hole = kRoot;
    for (;;) {
      const std::size_t c = first_child(hole);
      if (c >= n) break;
      std::size_t best = c;
      if (c + 4 <= n) {
        // A full group: select by time without branches; equal times (rare outside tests)
        // take the slow path through the full key.
        std::uint64_t best_time = heap_[c].time;
        for (std::size_t k = c + 1; k < c + 4; ++k) {
          const std::uint64_t t = heap_[k].time;
          if (t == best_time) [[unlikely]] {
            if (tie_less(heap_[k], heap_[best])) best = k;
          } else {
            const bool smaller = t < best_time;
            best = smaller ? k : best;
            best_time = smaller ? t : best_time;
          }
        }
      } else {
        for (std::size_t k = c + 1; k < n; ++k)
          if (less(heap_[k], heap_[best])) best = k;
      }
      heap_[hole] = heap_[best];
      hole = best;
    }
    sift_up(hole, moving);
  }

  std::vector<Node, detail::CacheLineAllocator<Node>> heap_;
  std::vector<Entry> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  double bucket_days_ = 0;
  double horizon_ = std::numeric_limits<double>::infinity();
  std::vector<Entry> ring_[kWindow];        // the window's buckets (bucket % kWindow)
  std::size_t window_end_ = kWindow;        // first bucket past the window
  std::vector<std::vector<Entry>> coarse_;  // later buckets, by window (bucket / kWindow)
  std::size_t parked_ = 0;
  // The current instant (time of the last pop; NaN before the first) and its lane.
  double now_ = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t now_bits_ = 0;
  std::vector<Entry> lane_;
  std::size_t lane_head_ = 0;
};

}  // namespace spipsim::engine
