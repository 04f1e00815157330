#pragma once
// `spipsim compare BASE VARIANT...`: every scenario run with the same seed and replicate
// indices (common random numbers), then each variant compared with the base replicate by
// replicate. Checks every scenario and the output path before running anything; exit codes
// as for `run` (exit_codes.hpp).
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spipsim::app {

struct CompareOptions {
  std::string base;
  std::vector<std::string> variants;
  // As for `run`, but applied to every scenario; without them, the base's run.replicates,
  // run.seed and run.years apply to every scenario, so that the runs pair up.
  std::optional<std::string> replicates, seed, years;
  int threads = 0;  // 0: all hardware threads
  std::string out;  // empty: out/<base>-vs-<variant>[-<variant>...].h5 (.shard-<i>-of-<n>.h5)
  std::string shard;  // "i/n": run only the replicates of slice i, write a shard file
  bool json = false, quiet = false;
};

CLI::App* add_compare_command(CLI::App& app, CompareOptions& options);

// Runs the command; returns the process exit status. `command_line` goes to the manifest.
int compare_command(const CompareOptions& options, const std::string& command_line);

}  // namespace spipsim::app
