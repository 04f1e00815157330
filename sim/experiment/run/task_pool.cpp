#include "sim/experiment/run/task_pool.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <mutex>

#include "sim/engine/thread_sanitizer.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/replicate_runner.hpp"

namespace spipsim::experiment {

void run_task_pool(const std::vector<std::uint64_t>& pending, const TaskFunction& task,
                   const TaskSink& sink, const TaskPoolOptions& options) {
  if (pending.empty()) return;
  auto is_cancelled = [&] { return options.cancelled && options.cancelled(); };
  // Fewer tasks than threads: each task gets a share for its parallel windows.
  const ThreadPlan plan = plan_threads(
      static_cast<std::uint32_t>(std::min<std::size_t>(pending.size(), 1u << 30)), options.threads);

  std::mutex mutex;  // guards the sink and the progress figures
  std::vector<double> partial(pending.size(), 0.0);
  double total = 0.0;
  auto report = [&](std::size_t i, double fraction) {  // with the mutex held
    total += fraction - partial[i];
    partial[i] = fraction;
    if (options.progress) options.progress(total / static_cast<double>(pending.size()));
  };

  auto run_one = [&](std::size_t i) {
    if (is_cancelled()) throw Interrupted();
    model::RunControl control;
    control.threads = plan.threads_per_replicate;
    control.progress = [&, i](double fraction) {
      if (is_cancelled()) throw Interrupted();
      std::lock_guard lock(mutex);
      report(i, std::clamp(fraction, 0.0, 0.999));
    };
    std::vector<double> values = task(pending[i], control);
    std::lock_guard lock(mutex);
    sink(pending[i], values);
    report(i, 1.0);
  };

  const int budget = plan.concurrent_replicates * plan.threads_per_replicate;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(std::max(budget, options.threads)));
  tbb::task_arena arena(budget);
  engine::ParallelJoin joined;  // TBB's fork and join edges, stated for the thread sanitizer
  const auto body = engine::tsan_parallel_body(
      [&run_one](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) run_one(i);
      },
      joined);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pending.size(), 1), body,
                      tbb::simple_partitioner());
  });
  joined.join();
  if (is_cancelled()) throw Interrupted();
}

}  // namespace spipsim::experiment
