#include "sim/app/run_command.hpp"

#include <filesystem>
#include <iostream>
#include <thread>

#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/experiment/progress_bar.hpp"
#include "sim/experiment/replicate_runner.hpp"
#include "sim/experiment/results_writer.hpp"
#include "sim/experiment/run_analysis.hpp"
#include "sim/experiment/summary_printer.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;

// Loads the scenario and applies the command-line overrides. Every problem of the file is
// reported by the loader at once; overrides are checked only once the file is good.
params::Scenario load_with_overrides(const RunOptions& options) {
  params::Scenario scenario = params::load_scenario(options.scenario);
  // Each override is checked on its own; all their problems are reported together.
  std::vector<params::Diagnostic> problems;
  auto apply = [&](const char* name, const std::optional<std::string>& text) {
    if (!text) return;
    try {
      params::apply_override(scenario, name, *text);
    } catch (const params::ScenarioError& error) {
      problems.insert(problems.end(), error.diagnostics.begin(), error.diagnostics.end());
    }
  };
  apply("run.replicates", options.replicates);
  apply("run.seed", options.seed);
  apply("run.years", options.years);
  if (!problems.empty()) throw params::ScenarioError(std::move(problems));
  return scenario;
}

int total_threads(int requested) {
  if (requested > 0) return requested;
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunOptions& options) {
  CLI::App* command = app.add_subcommand("run", "Run the replicates of a scenario");
  command->add_option("scenario", options.scenario, "Scenario file (TOML)")->required();
  command->add_option("--replicates,-r", options.replicates,
                      "Replicates (default: the scenario's run.replicates)");
  command->add_option("--seed,-s", options.seed, "Root seed (default: run.seed)");
  command->add_option("--years,-y", options.years, "Simulated years (default: run.years)");
  command
      ->add_option("--threads,-t", options.threads,
                   "Total threads (default: all hardware threads); results do not depend "
                   "on it")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--out,-o", options.out, "Results file (default: out/<scenario>.h5)");
  command->add_flag("--json", options.json, "Print the summary as JSON");
  command->add_flag("--quiet,-q", options.quiet, "No progress bar and no closing message");
  command->add_flag("--person-table", options.person_table,
                    "Also write /persons, one row per person and replicate (large)");
  return command;
}

int run_command(const RunOptions& options, const std::string& command_line) {
  // First thing, so that a Ctrl-C while a large world loads is honoured too: the runner
  // sees the flag before the first replicate starts.
  install_interrupt_handler();
  params::Scenario scenario;
  try {
    scenario = load_with_overrides(options);
  } catch (const params::ScenarioError& error) {
    for (const params::Diagnostic& d : error.diagnostics) std::cerr << d.format() << "\n";
    return kExitBadInput;
  }

  fs::path out =
      options.out.empty() ? fs::path("out") / (scenario.name + ".h5") : fs::path(options.out);
  try {
    // Only the default location is created: a typo in --out should fail, not make folders.
    if (options.out.empty()) fs::create_directories(out.parent_path());
    io::H5FileWriter::check_writable(out);
  } catch (const std::exception& error) {
    // io's message names the file and says what to do.
    std::cerr << "spipsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  try {
    model::check_scenario_data(scenario);  // data files and site codes: bad input too
  } catch (const params::ScenarioError& error) {
    for (const params::Diagnostic& d : error.diagnostics) std::cerr << d.format() << "\n";
    return kExitBadInput;
  }

  const int threads = total_threads(options.threads);
  experiment::RunInfo info = experiment::run_info(scenario, command_line, threads);
  try {
    experiment::ProgressBar bar(experiment::ProgressBar::wanted(options.quiet));
    experiment::RunnerOptions runner;
    runner.replicates = info.replicates;
    runner.seed = info.seed;
    runner.threads = threads;
    runner.progress = [&bar](double fraction) { bar.update(fraction); };
    runner.cancelled = interrupt_requested;
    std::vector<model::ReplicateOutput> outputs = experiment::run_replicates(scenario, runner);
    bar.finish();

    experiment::RunAnalysis analysis = experiment::analyse(outputs);
    experiment::ResultsOptions write_options;
    write_options.person_table = options.person_table;
    write_options.cancelled = interrupt_requested;
    experiment::write_results(out, info, outputs, analysis, write_options);

    if (options.json)
      experiment::print_summary_json(std::cout, info, analysis.summary);
    else
      experiment::print_summary(std::cout, info, analysis.summary);
    if (!options.quiet) std::cerr << "results written to " << out.string() << "\n";
    return kExitSuccess;
  } catch (const experiment::Interrupted&) {
    std::cerr << "spipsim: interrupted; no results file written\n";
    return kExitInterrupted;
  } catch (const std::exception& error) {
    std::cerr << "spipsim: error: " << error.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace spipsim::app
