#include "sim/app/run_command.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

#include "sim/app/command_common.hpp"
#include "sim/app/console/progress_bar.hpp"
#include "sim/app/console/summary_printer.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/app/replicate_store.hpp"
#include "sim/app/shard_options.hpp"
#include "sim/experiment/outcomes/run_accumulator.hpp"
#include "sim/experiment/results/replicate_shard.hpp"
#include "sim/experiment/results/results_writer.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/experiment/run/replicates_over_ranks.hpp"
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
  add_threads_option(*command, options.threads);
  command->add_option("--out,-o", options.out,
                      "Results file (default: out/<scenario>.h5, or "
                      "out/<scenario>.shard-<i>-of-<n>.h5 with --shard)");
  add_shard_option(*command, options.shard, "replicates");
  command->add_flag("--json", options.json, "Print the summary as JSON");
  command->add_flag("--quiet,-q", options.quiet, "No progress bar and no closing message");
  command->add_flag("--person-table", options.person_table,
                    "Also write /persons, one row per person and replicate (large)");
  return command;
}

namespace {

// Loads and checks everything a run needs, reporting problems on stderr (exit 2).
std::optional<params::Scenario> load_checked(const RunOptions& options,
                                             const std::optional<experiment::Shard>& shard,
                                             fs::path& out) {
  params::Scenario scenario;
  try {
    scenario = load_with_overrides(options.scenario,
                                   RunOverrides{options.replicates, options.seed, options.years});
  } catch (const params::ScenarioError& error) {
    report_problems(error);
    return std::nullopt;
  }
  if (shard && !shard_fits(*shard, scenario.values.integer(params::ParamId::run_replicates)))
    return std::nullopt;
  out = options.out.empty() ? default_results_path(scenario.name, shard) : fs::path(options.out);
  const std::vector<io::NamedInput> inputs = scenario_inputs(scenario);
  if (!output_path_ok(out, options.out.empty(), inputs) ||
      !side_file_ok(experiment::TaskJournal::path_for(out), "journal", inputs))
    return std::nullopt;
  try {
    model::check_scenario_data(scenario);  // data files and site codes: bad input too
  } catch (const params::ScenarioError& error) {
    report_problems(error);
    return std::nullopt;
  }
  return scenario;
}

}  // namespace

int run_command(const RunOptions& options, const std::string& command_line) {
  // First thing, so that a Ctrl-C while a large world loads is honoured too: the runner
  // sees the flag before the first replicate starts.
  install_interrupt_handler();
  const experiment::MpiWorld world = experiment::mpi_world();
  fs::path out;
  // Under mpirun, rank 0 checks and reports; the others wait for its word.
  std::optional<params::Scenario> scenario;
  std::optional<experiment::Shard> shard;
  if (world.rank == 0 && parse_shard_option(options.shard, shard))
    scenario = load_checked(options, shard, out);
  if (!experiment::mpi_broadcast_go(scenario.has_value())) return kExitBadInput;
  const int threads = threads_for(options.threads, world);
  if (world.rank != 0) {
    const std::vector<params::Scenario> scenarios{load_with_overrides(
        options.scenario, RunOverrides{options.replicates, options.seed, options.years})};
    const experiment::RunInfo info = experiment::run_info(scenarios.front(), "", threads);
    defer_interrupts();  // a signal now stops the task in hand (after_serving)
    return after_serving(experiment::serve_replicates(scenarios, info.replicates, info.seed,
                                                      threads, interrupt_requested));
  }

  experiment::RunInfo info = experiment::run_info(*scenario, command_line, threads);
  // On threads, every finished replicate is kept until the results file is committed, so a
  // killed run resumes where it stopped (app/replicate_store.hpp).
  std::unique_ptr<ReplicateStore> store;
  if (world.size == 1) {
    defer_interrupts();  // the store writes from here
    int refused = 0;
    store = open_replicate_store(out, {*scenario}, info.replicates, info.seed, options.quiet,
                                 refused);
    if (!store) return refused;
  }
  const experiment::Shard slice = shard.value_or(experiment::Shard{});
  const int status = run_guarded([&] {
    experiment::ProgressBar bar(experiment::ProgressBar::wanted(options.quiet));
    // A slice keeps its replicates' raw outputs (all of them go into its file); a whole run
    // reduces each replicate as it finishes and frees it (run_accumulator.hpp).
    std::vector<model::ReplicateOutput> outputs;
    std::optional<experiment::RunAccumulator> accumulator;
    if (shard)
      outputs.resize(info.replicates);
    else
      accumulator.emplace(info.replicates, options.person_table);
    auto finished = [&](std::uint32_t r, model::ReplicateOutput&& output) {
      if (accumulator)
        accumulator->add(r, std::move(output));
      else
        outputs[r] = std::move(output);
    };
    if (world.size > 1) {
      experiment::TaskPoolOptions pool;
      pool.threads = threads;
      pool.cancelled = interrupt_requested;
      pool.progress = [&bar](double fraction) { bar.update(fraction); };
      experiment::run_replicates_over_ranks(
          {*scenario}, info.replicates, info.seed, pool, slice,
          [&](std::size_t, std::uint32_t r, model::ReplicateOutput&& o) { finished(r, std::move(o)); });
    } else {
      experiment::RunnerOptions runner;
      runner.replicates = info.replicates;
      runner.seed = info.seed;
      runner.threads = threads;
      runner.progress = [&bar](double fraction) { bar.update(fraction); };
      runner.cancelled = interrupt_requested;
      runner.replicate_function = store->replicate_function(0);
      runner.shard = slice;
      try {
        experiment::run_replicates(*scenario, runner, finished);
      } catch (const experiment::Interrupted&) {
        bar.finish();
        std::cerr << "spipsim: interrupted; no results file written. Finished replicates are "
                     "kept (" << store->journal_path().string()
                  << "): run the same command again to resume\n";
        return kExitInterrupted;
      }
    }
    bar.finish();

    if (shard) {
      experiment::write_replicate_shard(out, experiment::kRunShardKind, {info}, slice,
                                        options.person_table, {outputs}, interrupt_requested);
      if (store) store->remove();  // only once the shard file is committed
      if (!options.quiet) report_shard_written(out, slice, info.replicates);
      return kExitSuccess;
    }
    experiment::RunAnalysis analysis = accumulator->finish();
    experiment::ResultsOptions write_options;
    write_options.person_table = options.person_table;
    write_options.cancelled = interrupt_requested;
    experiment::write_results(out, info, analysis, write_options);
    if (store) store->remove();  // only once the results file is committed

    if (options.json)
      experiment::print_summary_json(std::cout, info, analysis.summary);
    else
      experiment::print_summary(std::cout, info, analysis.summary);
    if (!options.quiet) std::cerr << "results written to " << out.string() << "\n";
    return kExitSuccess;
  });
  if (status != kExitSuccess && world.size > 1) experiment::mpi_abort(status);
  return status;
}

}  // namespace spipsim::app
