#include "sim/app/run_command.hpp"

#include <filesystem>
#include <iostream>

#include "sim/app/command_common.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/experiment/progress_bar.hpp"
#include "sim/experiment/replicate_runner.hpp"
#include "sim/experiment/results_writer.hpp"
#include "sim/experiment/run_analysis.hpp"
#include "sim/experiment/summary_printer.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::app {

namespace fs = std::filesystem;

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
    scenario = load_with_overrides(options.scenario,
                                   RunOverrides{options.replicates, options.seed, options.years});
  } catch (const params::ScenarioError& error) {
    report_problems(error);
    return kExitBadInput;
  }

  fs::path out =
      options.out.empty() ? fs::path("out") / (scenario.name + ".h5") : fs::path(options.out);
  if (!output_path_ok(out, options.out.empty())) return kExitBadInput;
  try {
    model::check_scenario_data(scenario);  // data files and site codes: bad input too
  } catch (const params::ScenarioError& error) {
    report_problems(error);
    return kExitBadInput;
  }

  const int threads = total_threads(options.threads);
  experiment::RunInfo info = experiment::run_info(scenario, command_line, threads);
  return run_guarded([&] {
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
  });
}

}  // namespace spipsim::app
