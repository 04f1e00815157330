#pragma once
// Runs independent tasks (a sweep's (point, replicate) pairs) on a thread budget, or over
// MPI ranks, with a dynamic queue: whoever is free takes the next task, so long and short
// tasks mix without idle cores. A task's result depends only on its number, never on who
// ran it or when, which is why the results are the same for any thread or rank count.
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/model/simulation.hpp"

namespace spipsim::experiment {

// Computes one task. `control.threads` is the thread share of this task; the function
// must call control.progress (if set) now and then: that is where a cancellation lands.
using TaskFunction =
    std::function<std::vector<double>(std::uint64_t task, const model::RunControl& control)>;
// Receives each finished task, one call at a time (never concurrently), on any thread.
using TaskSink = std::function<void(std::uint64_t task, const std::vector<double>& values)>;

struct TaskPoolOptions {
  int threads = 1;  // total budget of this process
  // Polled between tasks and at each progress call of a running task; true stops the pool
  // with Interrupted (finished tasks have all reached the sink).
  std::function<bool()> cancelled;
  // Fraction of the pending tasks done (finished ones count whole, running ones by part).
  std::function<void(double)> progress;
};

// Runs `pending` on this process's threads. Rethrows the first task exception.
void run_task_pool(const std::vector<std::uint64_t>& pending, const TaskFunction& task,
                   const TaskSink& sink, const TaskPoolOptions& options);

}  // namespace spipsim::experiment
