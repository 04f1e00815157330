#pragma once
// Runs the R replicates of one scenario within a total thread budget. Replicate r is
// model::run_replicate(scenario, r, seed): the model keys every random stream by (seed,
// replicate, ...), so replicate r is the same whichever thread runs it and however many
// threads there are, and the outputs come back indexed by replicate, not by finish order.
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/shard.hpp"
#include "sim/model/replicate_output.hpp"
#include "sim/model/simulation.hpp"

namespace spipsim::experiment {

// How a thread budget is split: with at least as many replicates as threads, replicates
// run side by side on one thread each (no synchronisation inside a replicate at all);
// otherwise each replicate gets threads / replicates threads for its parallel windows.
struct ThreadPlan {
  int concurrent_replicates = 1;  // replicates in flight at once
  int threads_per_replicate = 1;  // RunControl::threads of each
};
ThreadPlan plan_threads(std::uint32_t replicates, int threads);

// The model entry point, replaceable so the runner can be tested without the model.
using ReplicateFunction = std::function<model::ReplicateOutput(
    const params::Scenario&, std::uint32_t, std::uint64_t, const model::RunControl&)>;

struct RunnerOptions {
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;
  int threads = 1;  // total budget; 0 or less means 1
  // Fraction (0..1) of all replicates' simulated time done, averaged over replicates. May
  // be called from any runner thread, though never concurrently with itself.
  std::function<void(double)> progress;
  // Polled before each replicate and at each progress report of a running one; returning
  // true stops the run with Interrupted.
  std::function<bool()> cancelled;
  ReplicateFunction replicate_function;  // empty: model::run_replicate
  // Only the replicates this slice owns are run (`run --shard i/n`); the others' outputs
  // stay empty. The default slice owns every replicate.
  Shard shard;
};

// Receives each finished replicate (its index and its output, to keep or reduce and free)
// on the thread that ran it, in whatever order they finish; calls may overlap.
using ReplicateSink = std::function<void(std::uint32_t replicate, model::ReplicateOutput&&)>;

// Gives the heap's free pages back to the system (glibc's malloc_trim; nothing elsewhere).
// Called after each replicate has gone to its sink: a finished simulation frees hundreds of
// MB in its thread's arena, and what the sink keeps (allocated there too) stops glibc from
// returning them by itself, so without it a run's resident memory grows with every
// replicate (bench/README.md, "Session 6").
void release_freed_memory();

// Runs the replicates options.shard owns and hands each to `sink` as it finishes, so that
// the caller holds only what it keeps of each (RunAccumulator: a run's analysis). Rethrows
// the first exception of any replicate or of the sink (others are cancelled); throws
// Interrupted when `cancelled` says so.
void run_replicates(const params::Scenario& scenario, const RunnerOptions& options,
                    const ReplicateSink& sink);

// Returns outputs[r] for r = 0..replicates-1 (empty outside options.shard): every output
// held at once, for the shard files of `run --shard` and for tests.
std::vector<model::ReplicateOutput> run_replicates(const params::Scenario& scenario,
                                                   const RunnerOptions& options);

}  // namespace spipsim::experiment
