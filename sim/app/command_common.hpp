#pragma once
// What `run` and `compare` share: loading a scenario with the command-line overrides,
// reporting its problems, checking the output path, the thread budget, and turning a failed
// or interrupted run into its exit status. Each reports on stderr in the same words, so both
// commands refuse bad input (exit 2, nothing run) and fail (1, 130) the same way.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::app {

// --replicates, --seed and --years as typed. Kept as text and applied with
// params::apply_override, so that the parameter table's bounds and messages apply to the
// command line exactly as to a scenario file.
struct RunOverrides {
  std::optional<std::string> replicates, seed, years;
};

// Loads the scenario and applies the overrides. Every problem of the file is reported by
// the loader at once; overrides are checked only once the file is good, and all their
// problems are reported together. Throws params::ScenarioError.
params::Scenario load_with_overrides(const std::filesystem::path& file,
                                     const RunOverrides& overrides);

// One line per diagnostic on stderr.
void report_problems(const params::ScenarioError& error);

// Checks that the results file can be written, creating the default folder (and only that:
// a typo in --out should fail, not make folders). On failure prints io's message, which
// names the file and says what to do, and returns false.
bool output_path_ok(const std::filesystem::path& out, bool default_location);

// --threads,-t: the thread budget of every command that simulates. Under mpirun it is per
// rank, and defaults to 1 there (threads_for).
void add_threads_option(CLI::App& command, int& threads);

// The total thread budget: `requested`, or every hardware thread when it is 0.
int total_threads(int requested);

// The same for one MPI rank: with several ranks the default is 1 thread per rank (one rank
// per core is the usual layout); an explicit --threads is kept.
int threads_for(int requested, const experiment::MpiWorld& world);

// What a rank other than 0 returns once it has served rank 0 (`served`: true), or once a
// SIGTERM or Ctrl-C stopped it (false): then the rank ends at once with status 130 through
// MPI_Abort, since rank 0 is leaving too and MPI_Finalize would wait for it.
int after_serving(bool served);

// Returns work(), or the exit status of what it throws: experiment::Interrupted gives
// kExitInterrupted, any other exception kExitFailure, each with a message on stderr.
int run_guarded(const std::function<int()>& work);

}  // namespace spipsim::app
