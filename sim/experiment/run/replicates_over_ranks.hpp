#pragma once
// `run` and `compare` under mpirun: every (scenario, replicate) pair is a task on the MPI
// work queue; each rank runs whole replicates and sends them to rank 0 (replicate_codec),
// which then analyses (streaming each into the analysis as it arrives) and writes exactly as
// on threads. Task t is replicate t % R of
// scenario t / R, and a replicate does not depend on where it ran, so the file is the same
// for any number of ranks.
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/experiment/run/shard.hpp"
#include "sim/experiment/run/task_pool.hpp"
#include "sim/model/replicate_output.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::experiment {

// Rank 0: hands `sink` each (scenario, replicate) that `shard` owns as it arrives, one call
// at a time, in arrival order.
using RankReplicateSink =
    std::function<void(std::size_t scenario, std::uint32_t replicate, model::ReplicateOutput&&)>;
void run_replicates_over_ranks(const std::vector<params::Scenario>& scenarios,
                               std::uint32_t replicates, std::uint64_t seed,
                               const TaskPoolOptions& options, const Shard& shard,
                               const RankReplicateSink& sink);

// Rank 0: outputs[s][r] for every scenario and replicate 0..replicates-1 (seed `seed`) that
// `shard` owns (the others stay empty; the default slice owns them all).
std::vector<std::vector<model::ReplicateOutput>> run_replicates_over_ranks(
    const std::vector<params::Scenario>& scenarios, std::uint32_t replicates, std::uint64_t seed,
    const TaskPoolOptions& options, const Shard& shard = {});

// The other ranks: serve the same tasks until rank 0 says stop.
// False when cancelled (see serve_tasks_mpi).
[[nodiscard]] bool serve_replicates(const std::vector<params::Scenario>& scenarios,
                                    std::uint32_t replicates, std::uint64_t seed, int threads,
                                    const std::function<bool()>& cancelled);

}  // namespace spipsim::experiment
