#pragma once
// `spipsim sweep DESIGN.toml`: runs every (point, replicate) task of a design on threads,
// or over MPI ranks under mpirun, or one slice of them with --shard i/n; records each
// finished task in a journal so that the same command resumes after an interruption.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace spipsim::app {

struct SweepOptions {
  std::string design;
  std::optional<std::string> replicates, seed, years;
  int threads = 0;
  std::string out;
  std::string shard;  // "i/n", 1-based
  bool json = false;
  bool quiet = false;
};

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options);
int sweep_command(const SweepOptions& options, const std::string& command_line);

}  // namespace spipsim::app
