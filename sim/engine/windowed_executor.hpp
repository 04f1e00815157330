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
// next to one of 75,000), so each thread takes the next LP from a shared counter, largest
// first by the events each LP handled in the previous window (greedy longest-first list
// scheduling). The order only decides which thread runs an LP, never what the LP does.
#include <algorithm>
#include <atomic>
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

struct WindowOptions {
  double lookahead_days = 1.0;  // minimum delay of any message between LPs
  int threads = 1;
};

template <LogicalProcess LP>
void run_windows(std::vector<LP>& lps, SimTime end, const WindowOptions& options,
                 const std::function<void(SimTime)>& on_window_end = {}) {
  const int threads = std::max(1, options.threads);
  tbb::task_arena arena(threads);
  std::vector<std::size_t> order(lps.size());  // largest expected work first
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::vector<std::uint64_t> work(lps.size(), 0), events_before(lps.size(), 0);
  SimTime window_start = SimTime::days(0.0);
  while (window_start < end) {
    // Skip empty stretches: jump to the earliest pending event.
    SimTime earliest = SimTime::never();
    for (const LP& lp : lps) earliest = std::min(earliest, lp.next_event_time());
    if (earliest >= end) break;
    window_start = std::max(window_start, earliest);
    SimTime window_end = std::min(window_start + options.lookahead_days, end);
    if (threads <= 1 || lps.size() < 2) {
      for (LP& lp : lps) lp.run_until(window_end);
    } else {
      if constexpr (CountsEvents<LP>) {
        for (std::size_t i = 0; i < lps.size(); ++i) {
          work[i] = lps[i].events() - events_before[i];
          events_before[i] = lps[i].events();
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return work[a] > work[b]; });
      }
      std::atomic<std::size_t> next{0};
      ParallelJoin joined;
      const auto body = tsan_parallel_body(
          [&lps, &order, &next, window_end](std::size_t) {
            for (std::size_t k; (k = next.fetch_add(1, std::memory_order_relaxed)) < order.size();)
              lps[order[k]].run_until(window_end);
          },
          joined);
      arena.execute([&] {
        tbb::parallel_for(std::size_t(0), std::size_t(threads), std::size_t(1), body,
                          tbb::simple_partitioner());
      });
      joined.join();
    }
    for (LP& lp : lps) lp.deliver_outbox(lps);
    if (on_window_end) on_window_end(window_end);
    window_start = window_end;
  }
}

}  // namespace spipsim::engine
