#pragma once
// `spipsim run SCENARIO`: load and validate the scenario, check the output path, run the
// replicates, write the results file, print the summary. Exit codes in exit_codes.hpp.
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace spipsim::app {

struct RunOptions {
  std::string scenario;
  // Kept as text and applied with params::apply_override, so that the parameter table's
  // bounds and messages apply to the command line exactly as to a scenario file.
  std::optional<std::string> replicates, seed, years;
  int threads = 0;  // 0: all hardware threads
  std::string out;  // empty: out/<scenario name>.h5 (.shard-<i>-of-<n>.h5 with --shard)
  std::string shard;  // "i/n": run only the replicates of slice i, write a shard file
  bool json = false, quiet = false, person_table = false;
};

CLI::App* add_run_command(CLI::App& app, RunOptions& options);

// Runs the command; returns the process exit status. `command_line` goes to the manifest.
int run_command(const RunOptions& options, const std::string& command_line);

}  // namespace spipsim::app
