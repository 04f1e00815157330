#include "sim/experiment/run/replicate_runner.hpp"

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "sim/experiment/run/task_pool.hpp"

namespace spipsim::experiment {

void release_freed_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

ThreadPlan plan_threads(std::uint32_t replicates, int threads) {
  int budget = std::max(threads, 1);
  if (replicates == 0) return ThreadPlan{1, budget};
  if (replicates >= static_cast<std::uint32_t>(budget)) return ThreadPlan{budget, 1};
  int r = static_cast<int>(replicates);
  return ThreadPlan{r, budget / r};
}

void run_replicates(const params::Scenario& scenario, const RunnerOptions& options,
                    const ReplicateSink& sink) {
  ReplicateFunction run = options.replicate_function;
  if (!run)
    run = [](const params::Scenario& s, std::uint32_t r, std::uint64_t seed,
             const model::RunControl& c) { return model::run_replicate(s, r, seed, c); };

  // Replicates are tasks of the task pool: its thread plan, progress and cancellation. Each
  // task hands its output to the sink and the pool no values.
  std::vector<std::uint64_t> replicates;
  for (std::uint32_t r = 0; r < options.replicates; ++r)
    if (options.shard.owns(r)) replicates.push_back(r);
  if (replicates.empty()) return;
  TaskPoolOptions pool;
  pool.threads = options.threads;
  pool.cancelled = options.cancelled;
  pool.progress = options.progress;
  run_task_pool(
      replicates,
      [&](std::uint64_t r, const model::RunControl& control) {
        const auto replicate = static_cast<std::uint32_t>(r);
        sink(replicate, run(scenario, replicate, options.seed, control));
        release_freed_memory();
        return std::vector<double>{};
      },
      [](std::uint64_t, const std::vector<double>&) {}, pool);
}

std::vector<model::ReplicateOutput> run_replicates(const params::Scenario& scenario,
                                                   const RunnerOptions& options) {
  std::vector<model::ReplicateOutput> outputs(options.replicates);
  run_replicates(scenario, options, [&outputs](std::uint32_t r, model::ReplicateOutput&& out) {
    outputs[r] = std::move(out);  // each task writes its own slot
  });
  return outputs;
}

}  // namespace spipsim::experiment
