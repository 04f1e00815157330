#include "sim/app/command_common.hpp"

#include <iostream>
#include <thread>
#include <vector>

#include "sim/app/exit_codes.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/io/h5_file_writer.hpp"

namespace spipsim::app {

params::Scenario load_with_overrides(const std::filesystem::path& file,
                                     const RunOverrides& overrides) {
  params::Scenario scenario = params::load_scenario(file);
  std::vector<params::Diagnostic> problems;
  auto apply = [&](const char* name, const std::optional<std::string>& text) {
    if (!text) return;
    try {
      params::apply_override(scenario, name, *text);
    } catch (const params::ScenarioError& error) {
      problems.insert(problems.end(), error.diagnostics.begin(), error.diagnostics.end());
    }
  };
  apply("run.replicates", overrides.replicates);
  apply("run.seed", overrides.seed);
  apply("run.years", overrides.years);
  if (!problems.empty()) throw params::ScenarioError(std::move(problems));
  return scenario;
}

void report_problems(const params::ScenarioError& error) {
  for (const params::Diagnostic& d : error.diagnostics) std::cerr << d.format() << "\n";
}

bool output_path_ok(const std::filesystem::path& out, bool default_location) {
  try {
    if (default_location) std::filesystem::create_directories(out.parent_path());
    io::H5FileWriter::check_writable(out);
    return true;
  } catch (const std::exception& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
    return false;
  }
}

int total_threads(int requested) {
  if (requested > 0) return requested;
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

int run_guarded(const std::function<int()>& work) {
  try {
    return work();
  } catch (const experiment::Interrupted&) {
    std::cerr << "spipsim: interrupted; no results file written\n";
    return kExitInterrupted;
  } catch (const std::exception& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
    return kExitFailure;
  }
}

void add_threads_option(CLI::App& command, int& threads) {
  command
      .add_option("--threads,-t", threads,
                  "Threads (default: all hardware threads; 1 per rank under mpirun); results "
                  "do not depend on it")
      ->check(CLI::NonNegativeNumber);
}

int after_serving(bool served) {
  if (served) return kExitSuccess;
  experiment::mpi_abort(kExitInterrupted);
  return kExitInterrupted;
}

int threads_for(int requested, const experiment::MpiWorld& world) {
  return world.size > 1 && requested == 0 ? 1 : total_threads(requested);
}

}  // namespace spipsim::app
