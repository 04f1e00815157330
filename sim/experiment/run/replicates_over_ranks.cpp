#include "sim/experiment/run/replicates_over_ranks.hpp"

#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/experiment/run/replicate_codec.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/model/simulation.hpp"

namespace spipsim::experiment {
namespace {

ByteTaskFunction replicate_task(const std::vector<params::Scenario>& scenarios,
                                std::uint32_t replicates, std::uint64_t seed) {
  return [&scenarios, replicates, seed](std::uint64_t t, const model::RunControl& control) {
    return encode_replicate(model::run_replicate(
        scenarios.at(t / replicates), static_cast<std::uint32_t>(t % replicates), seed, control));
  };
}

}  // namespace

void run_replicates_over_ranks(const std::vector<params::Scenario>& scenarios,
                               std::uint32_t replicates, std::uint64_t seed,
                               const TaskPoolOptions& options, const Shard& shard,
                               const RankReplicateSink& sink) {
  std::vector<std::uint64_t> tasks;
  for (std::uint64_t t = 0; t < scenarios.size() * std::uint64_t{replicates}; ++t)
    if (shard.owns(t % replicates)) tasks.push_back(t);
  run_task_pool_mpi(
      tasks, replicate_task(scenarios, replicates, seed),
      [&](std::uint64_t t, const Bytes& bytes) {
        sink(static_cast<std::size_t>(t / replicates), static_cast<std::uint32_t>(t % replicates),
             decode_replicate(bytes));
        release_freed_memory();
      },
      options);
}

std::vector<std::vector<model::ReplicateOutput>> run_replicates_over_ranks(
    const std::vector<params::Scenario>& scenarios, std::uint32_t replicates, std::uint64_t seed,
    const TaskPoolOptions& options, const Shard& shard) {
  std::vector<std::vector<model::ReplicateOutput>> outputs(
      scenarios.size(), std::vector<model::ReplicateOutput>(replicates));
  run_replicates_over_ranks(
      scenarios, replicates, seed, options, shard,
      [&outputs](std::size_t s, std::uint32_t r, model::ReplicateOutput&& out) {
        outputs[s][r] = std::move(out);
      });
  return outputs;
}

bool serve_replicates(const std::vector<params::Scenario>& scenarios, std::uint32_t replicates,
                      std::uint64_t seed, int threads, const std::function<bool()>& cancelled) {
  return serve_tasks_mpi(replicate_task(scenarios, replicates, seed), threads, cancelled);
}

}  // namespace spipsim::experiment
