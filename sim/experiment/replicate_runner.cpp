#include "sim/experiment/replicate_runner.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <mutex>

#include "sim/engine/thread_sanitizer.hpp"

namespace spipsim::experiment {

ThreadPlan plan_threads(std::uint32_t replicates, int threads) {
  int budget = std::max(threads, 1);
  if (replicates == 0) return ThreadPlan{1, budget};
  if (replicates >= static_cast<std::uint32_t>(budget)) return ThreadPlan{budget, 1};
  int r = static_cast<int>(replicates);
  return ThreadPlan{r, budget / r};
}

namespace {

// Sums each replicate's latest fraction so the caller sees one figure for the whole run.
class ProgressAggregator {
 public:
  ProgressAggregator(std::uint32_t replicates, std::function<void(double)> sink)
      : done_(replicates, 0.0), sink_(std::move(sink)) {}

  void report(std::uint32_t replicate, double fraction) {
    std::lock_guard lock(mutex_);
    double clamped = std::clamp(fraction, 0.0, 1.0);
    total_ += clamped - done_[replicate];
    done_[replicate] = clamped;
    if (sink_) sink_(total_ / static_cast<double>(done_.size()));
  }

 private:
  std::mutex mutex_;
  std::vector<double> done_;
  double total_ = 0.0;
  std::function<void(double)> sink_;
};

}  // namespace

std::vector<model::ReplicateOutput> run_replicates(const params::Scenario& scenario,
                                                   const RunnerOptions& options) {
  const std::uint32_t count = options.replicates;
  std::vector<model::ReplicateOutput> outputs(count);
  if (count == 0) return outputs;

  ReplicateFunction run = options.replicate_function;
  if (!run)
    run = [](const params::Scenario& s, std::uint32_t r, std::uint64_t seed,
             const model::RunControl& c) { return model::run_replicate(s, r, seed, c); };
  auto is_cancelled = [&] { return options.cancelled && options.cancelled(); };

  ThreadPlan plan = plan_threads(count, options.threads);
  ProgressAggregator progress(count, options.progress);

  auto run_one = [&](std::uint32_t r) {
    if (is_cancelled()) throw Interrupted();
    model::RunControl control;
    control.threads = plan.threads_per_replicate;
    // The model calls this between windows; throwing here is how a run stops early.
    control.progress = [&, r](double fraction) {
      if (is_cancelled()) throw Interrupted();
      progress.report(r, fraction);
    };
    outputs[r] = run(scenario, r, options.seed, control);
    progress.report(r, 1.0);
  };

  // The budget is the user's to set, above the core count too (TBB would otherwise refuse
  // the extra workers, with a warning on stderr). The arena keeps replicates within it;
  // each replicate's own windows arena takes threads_per_replicate of it.
  const int budget = plan.concurrent_replicates * plan.threads_per_replicate;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(std::max(budget, options.threads)));
  tbb::task_arena arena(budget);
  engine::ParallelJoin joined;
  const auto body = engine::tsan_parallel_body(
      [&run_one](const tbb::blocked_range<std::uint32_t>& range) {
        for (std::uint32_t r = range.begin(); r != range.end(); ++r) run_one(r);
      },
      joined);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, count, 1), body,
                      tbb::simple_partitioner());
  });
  joined.join();
  // A cancellation that landed after the last check still means the user asked to stop.
  if (is_cancelled()) throw Interrupted();
  return outputs;
}

}  // namespace spipsim::experiment
