#pragma once
// Conservative synchronous execution of logical processes (LPs). Time advances in windows
// [T, T + lookahead); inside a window every LP runs its own events independently (in
// parallel on TBB when threads > 1); at the window's end messages between LPs are
// delivered in a fixed order (sender index, then send order). Because no LP can affect
// another inside a window, results are bit-identical for any thread count.
//
// What an LP type must provide is the concept LogicalProcess below (and, optionally,
// CountsEvents, which lets the scheduler balance the load).
//
// Load balance (threads > 1): LPs differ a lot in size (a département of 2.6 million people
// next to one of 75,000), so LPs are taken largest first by the events each handled in the
// previous window (greedy longest-first list scheduling). Each thread has its own list: the
// LPs it ran in the previous window, so that an LP's queue and state stay in the cache of
// the core that last touched them. A thread that has run its own list takes the others'
// smallest LPs and keeps them, so the lists even out over the windows. (Taking every LP
// from one shared counter moved about half of them to the other core each window: PHOLD's
// two threads then each ran about a quarter slower than one thread alone; bench/README.md,
// session 10.) Which thread runs an LP never changes what the LP does.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <numeric>
#include <vector>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "sim/engine/sim_time.hpp"
#include "sim/engine/thread_sanitizer.hpp"

namespace spipsim::engine {

// A logical process: its own pending events, run up to a window's end, and messages to the
// other LPs handed over only between windows.
template <class LP>
concept LogicalProcess = requires(LP& lp, const LP& const_lp, SimTime window_end,
                                  std::vector<LP>& all) {
  // The time of its earliest pending event, SimTime::never() when it has none.
  { const_lp.next_event_time() } -> std::convertible_to<SimTime>;
  // Processes its events with time < window_end, touching no other LP.
  lp.run_until(window_end);
  // Hands the messages it sent during the window to their destinations in `all`, in send
  // order; each must be at least the lookahead later than the window's start.
  lp.deliver_outbox(all);
};

// An LP that counts the events it processed, so that threads take the busiest LPs first.
template <class LP>
concept CountsEvents = LogicalProcess<LP> && requires(const LP& lp) {
  { lp.events() } -> std::convertible_to<std::uint64_t>;
};

// Where a run's wall-clock time went, so that a parallel run can be judged within itself (on
// a shared machine two runs differ by 10-25 %, bench/README.md): time inside the parallel
// phases against the rest (the serial part: skipping, ordering, push delivery), and the
// threads' busy time inside those phases against their wall time (load balance, waiting).
struct WindowStats {
  std::uint64_t windows = 0;
  double wall_s = 0;           // the whole run
  double parallel_wall_s = 0;  // inside the parallel phases (on one thread: running the LPs)
  double busy_s = 0;           // summed over threads: time spent running LPs in those phases
  double serial_share() const { return wall_s > 0 ? 1 - parallel_wall_s / wall_s : 0; }
  double efficiency(int threads) const {
    return parallel_wall_s > 0 ? busy_s / (threads * parallel_wall_s) : 1;
  }
};

struct WindowOptions {
  double lookahead_days = 1.0;  // minimum delay of any message between LPs
  int threads = 1;
};

// Monotonic seconds, for WindowStats.
inline double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Which thread runs which LP: one list per thread, largest first. A thread runs its own list
// from the front; then it takes the other lists' smallest LPs, from their back ends, so that
// what changes thread near the end of a window is small work. Each list's two ends are one
// atomic word (front, back), moved by compare-and-swap.
class LpLists {
 public:
  LpLists(std::size_t lps, int threads)
      : lists_(std::size_t(threads)), ends_(std::size_t(threads)), ran_by_(lps, 0) {}

  // Deals `order` (largest first) round-robin: the first window's lists.
  void deal(const std::vector<std::size_t>& order) {
    for (std::size_t k = 0; k < order.size(); ++k) ran_by_[order[k]] = int(k % lists_.size());
  }
  // Each thread's list for the next window: the LPs it ran, in `order`.
  void regroup(const std::vector<std::size_t>& order) {
    for (auto& list : lists_) list.clear();
    for (std::size_t i : order) lists_[std::size_t(ran_by_[i])].push_back(i);
    for (std::size_t t = 0; t < lists_.size(); ++t)
      ends_[t].word.store(pack(0, lists_[t].size()), std::memory_order_relaxed);
  }
  // The next LP for `thread`: the front of its own list, else the back of another's; false
  // when every LP of the window is taken.
  bool take(int thread, std::size_t& lp) {
    const std::size_t n = lists_.size();
    bool taken = take_end(std::size_t(thread), true, lp);
    for (std::size_t k = 1; k < n && !taken; ++k)
      taken = take_end((std::size_t(thread) + k) % n, false, lp);
    if (taken) ran_by_[lp] = thread;  // each LP is taken once: one writer, read after the join
    return taken;
  }

 private:
  static std::uint64_t pack(std::uint64_t front, std::uint64_t back) { return front << 32 | back; }
  bool take_end(std::size_t list, bool front, std::size_t& lp) {
    std::atomic<std::uint64_t>& word = ends_[list].word;
    std::uint64_t ends = word.load(std::memory_order_relaxed);
    for (;;) {
      const std::uint64_t first = ends >> 32, end = ends & 0xffffffffu;
      if (first >= end) return false;
      const std::uint64_t next = front ? pack(first + 1, end) : pack(first, end - 1);
      if (word.compare_exchange_weak(ends, next, std::memory_order_relaxed)) {
        lp = lists_[list][front ? first : end - 1];
        return true;
      }
    }
  }
  struct alignas(64) Ends {
    std::atomic<std::uint64_t> word{0};
  };
  std::vector<std::vector<std::size_t>> lists_;
  std::vector<Ends> ends_;
  std::vector<int> ran_by_;
};

// Calls work(i) once for every LP of `lists` on `threads` threads (LpLists::take). Adds the
// phase's wall time and the threads' busy time to `stats`.
template <class Work>
void for_each_lp(tbb::task_arena& arena, int threads, LpLists& lists, const Work& work,
                 WindowStats& stats) {
  std::vector<double> busy(std::size_t(threads), 0.0);  // one slot per body call
  ParallelJoin joined;
  const auto body = tsan_parallel_body(
      [threads, &lists, &work, &busy](std::size_t slot) {
        const double start = seconds_now();
        // The arena's index of the thread running this call (stable while it stays in the
        // arena); the body slot is not, since any thread may run any slot.
        const int index = tbb::this_task_arena::current_thread_index();
        const int thread = index >= 0 ? index % threads : int(slot);
        for (std::size_t lp; lists.take(thread, lp);) work(lp);
        busy[slot] = seconds_now() - start;
      },
      joined);
  const double start = seconds_now();
  arena.execute([&] {
    tbb::parallel_for(std::size_t(0), std::size_t(threads), std::size_t(1), body,
                      tbb::simple_partitioner());
  });
  joined.join();
  stats.parallel_wall_s += seconds_now() - start;
  for (double b : busy) stats.busy_s += b;
}

template <LogicalProcess LP>
WindowStats run_windows(std::vector<LP>& lps, SimTime end, const WindowOptions& options,
                        const std::function<void(SimTime)>& on_window_end = {}) {
  const int threads = std::max(1, options.threads);
  WindowStats stats;
  const double run_start = seconds_now();
  tbb::task_arena arena(threads);
  std::vector<std::size_t> order(lps.size());  // largest expected work first
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::vector<std::uint64_t> work(lps.size(), 0), events_before(lps.size(), 0);
  LpLists lists(lps.size(), threads);
  lists.deal(order);
  SimTime window_start = SimTime::days(0.0);
  while (window_start < end) {
    // Skip empty stretches: jump to the earliest pending event.
    SimTime earliest = SimTime::never();
    for (const LP& lp : lps) earliest = std::min(earliest, lp.next_event_time());
    if (earliest >= end) break;
    window_start = std::max(window_start, earliest);
    SimTime window_end = std::min(window_start + options.lookahead_days, end);
    const auto run_lp = [&lps, window_end](std::size_t i) { lps[i].run_until(window_end); };
    ++stats.windows;
    if (threads <= 1 || lps.size() < 2) {
      const double start = seconds_now();
      for (std::size_t i = 0; i < lps.size(); ++i) run_lp(i);
      const double took = seconds_now() - start;
      stats.parallel_wall_s += took;
      stats.busy_s += took;
    } else {
      if constexpr (CountsEvents<LP>) {
        for (std::size_t i = 0; i < lps.size(); ++i) {
          work[i] = lps[i].events() - events_before[i];
          events_before[i] = lps[i].events();
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return work[a] > work[b]; });
      }
      lists.regroup(order);
      for_each_lp(arena, threads, lists, run_lp, stats);
    }
    for (LP& lp : lps) lp.deliver_outbox(lps);
    if (on_window_end) on_window_end(window_end);
    window_start = window_end;
  }
  stats.wall_s = seconds_now() - run_start;
  return stats;
}

}  // namespace spipsim::engine
