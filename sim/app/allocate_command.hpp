#pragma once
// `spipsim allocate ALLOCATION.toml`: where N new posts help most. Greedy rounds of
// (plan, replicate) tasks on threads, over MPI ranks or as the slices of a job array
// (--shard, app/allocation_shards.hpp), every finished task in a journal so that the same
// command resumes after a kill (docs/allocation.md).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace spipsim::app {

struct AllocateOptions {
  std::string file;
  std::optional<std::string> replicates, seed, years;
  int threads = 0;
  std::string out;
  std::string shard;   // "i/n", empty: the whole allocation in this process (or its ranks)
  double wait = 3600;  // seconds a slice waits for the other slices' tasks of a round
  bool json = false;
  bool quiet = false;
};

CLI::App* add_allocate_command(CLI::App& app, AllocateOptions& options);
int allocate_command(const AllocateOptions& options, const std::string& command_line);

}  // namespace spipsim::app
