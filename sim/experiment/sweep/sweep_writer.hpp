#pragma once
// Writes sweep files and sweep shard files (layout in docs/hdf5-schema.md), atomically
// through io::H5FileWriter, and reads a plan back from either (for `spipsim merge`).
//
// A sweep file (kind "sweep") holds the design, every task's headlines, per-point
// intervals and, for Sobol designs, the indices. A shard file (kind "sweep_shard") holds
// the design and the tasks of one slice; merging all slices gives a sweep file whose
// datasets are identical to those of an unsharded run.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "sim/experiment/run/shard.hpp"
#include "sim/experiment/sweep/sweep_plan.hpp"

namespace spipsim::io {
class H5FileReader;
}

namespace spipsim::experiment {

struct SweepRunInfo {
  std::string command_line;
  int threads = 1;
  int ranks = 1;
  std::function<bool()> cancelled;  // polled before commit, as in write_results
};

// Every task of the plan must be done. Throws io::IoError or Interrupted; no file then.
void write_sweep(const std::filesystem::path& path, const SweepPlan& plan,
                 const TaskResults& results, const SweepRunInfo& info);

// The tasks owned by `shard`, all of which must be done.
void write_sweep_shard(const std::filesystem::path& path, const SweepPlan& plan,
                       const TaskResults& results, const Shard& shard, const SweepRunInfo& info);

struct ShardFile {
  SweepPlan plan;
  Shard shard;
  io::Table tasks;
};

// Reads a shard file. Throws std::runtime_error (naming the file) when it is not a
// complete spipsim sweep shard.
ShardFile read_sweep_shard(const io::H5FileReader& reader);

}  // namespace spipsim::experiment
