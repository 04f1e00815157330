#pragma once
// Conservative synchronous execution of logical processes (LPs). Time advances in windows
// [T, T + lookahead); inside a window every LP runs its own events independently (in
// parallel on TBB when threads > 1); at the window's end messages between LPs are
// delivered in a fixed order (sender index, then send order). Because no LP can affect
// another inside a window, results are bit-identical for any thread count.
//
// An LP type provides:
//   SimTime next_event_time() const;
//   void run_until(SimTime window_end);        // processes events with time < window_end
//   void deliver_outbox(std::vector<LP>& all); // hands its messages to their destinations
#include <algorithm>
#include <functional>
#include <vector>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "sim/engine/sim_time.hpp"
#include "sim/engine/thread_sanitizer.hpp"

namespace spipsim::engine {

struct WindowOptions {
  double lookahead_days = 1.0;  // minimum delay of any message between LPs
  int threads = 1;
};

template <class LP>
void run_windows(std::vector<LP>& lps, SimTime end, const WindowOptions& options,
                 const std::function<void(SimTime)>& on_window_end = {}) {
  tbb::task_arena arena(std::max(1, options.threads));
  SimTime window_start = SimTime::days(0.0);
  while (window_start < end) {
    // Skip empty stretches: jump to the earliest pending event.
    SimTime earliest = SimTime::never();
    for (const LP& lp : lps) earliest = std::min(earliest, lp.next_event_time());
    if (earliest >= end) break;
    window_start = std::max(window_start, earliest);
    SimTime window_end = std::min(window_start + options.lookahead_days, end);
    if (options.threads <= 1 || lps.size() < 2) {
      for (LP& lp : lps) lp.run_until(window_end);
    } else {
      ParallelJoin joined;
      const auto body = tsan_parallel_body(
          [&lps, window_end](std::size_t i) { lps[i].run_until(window_end); }, joined);
      arena.execute([&] { tbb::parallel_for(std::size_t(0), lps.size(), body); });
      joined.join();
    }
    for (LP& lp : lps) lp.deliver_outbox(lps);
    if (on_window_end) on_window_end(window_end);
    window_start = window_end;
  }
}

}  // namespace spipsim::engine
