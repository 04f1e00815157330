#include "sim/app/compare_command.hpp"

#include <deque>
#include <filesystem>
#include <iostream>

#include "sim/app/command_common.hpp"
#include "sim/app/console/comparison_printer.hpp"
#include "sim/app/console/progress_bar.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/app/replicate_store.hpp"
#include "sim/app/shard_options.hpp"
#include "sim/experiment/outcomes/run_accumulator.hpp"
#include "sim/experiment/outcomes/scenario_comparison.hpp"
#include "sim/experiment/results/comparison_writer.hpp"
#include "sim/experiment/results/replicate_shard.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/experiment/run/replicates_over_ranks.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;

// Loads the base (with the overrides) and every variant, reporting every problem of every
// file before giving up, so that one pass fixes them all. Then gives each variant the
// base's replicates, seed and years: pairing replicate r with replicate r is only
// meaningful when both drew from the same streams over the same window.
std::optional<std::vector<params::Scenario>> load_all(const CompareOptions& options) {
  std::vector<params::Scenario> scenarios;
  bool ok = true;
  auto load = [&](auto&& loader) {
    try {
      scenarios.push_back(loader());
    } catch (const params::ScenarioError& error) {
      report_problems(error);
      ok = false;
    }
  };
  load([&] {
    return load_with_overrides(options.base,
                               RunOverrides{options.replicates, options.seed, options.years});
  });
  for (const std::string& variant : options.variants)
    load([&] { return params::load_scenario(variant); });
  if (!ok) return std::nullopt;
  for (std::size_t i = 1; i < scenarios.size(); ++i)
    for (params::ParamId id :
         {params::ParamId::run_replicates, params::ParamId::run_seed, params::ParamId::run_years})
      scenarios[i].values.set(id, scenarios.front().values.value(id));
  return scenarios;
}

// Data files and site codes of every scenario: bad input too, all reported at once.
bool data_ok(const std::vector<params::Scenario>& scenarios) {
  bool ok = true;
  for (const params::Scenario& scenario : scenarios) {
    try {
      model::check_scenario_data(scenario);
    } catch (const params::ScenarioError& error) {
      report_problems(error);
      ok = false;
    }
  }
  return ok;
}

fs::path default_out(const std::vector<std::string>& names,
                     const std::optional<experiment::Shard>& shard) {
  std::string stem = names.front() + "-vs";
  for (std::size_t i = 1; i < names.size(); ++i) stem += "-" + names[i];
  return default_results_path(stem, shard);
}

}  // namespace

CLI::App* add_compare_command(CLI::App& app, CompareOptions& options) {
  CLI::App* command = app.add_subcommand(
      "compare", "Run scenarios with the same seed and replicates; paired differences");
  command->add_option("base", options.base, "Base scenario file (TOML)")->required();
  command->add_option("variants", options.variants, "Variant scenario files (TOML)")->required();
  command->add_option("--replicates,-r", options.replicates,
                      "Replicates of every scenario (default: the base's run.replicates)");
  command->add_option("--seed,-s", options.seed, "Root seed (default: the base's run.seed)");
  command->add_option("--years,-y", options.years,
                      "Simulated years (default: the base's run.years)");
  add_threads_option(*command, options.threads);
  command->add_option("--out,-o", options.out,
                      "Results file (default: out/<base>-vs-<variants>.h5, or "
                      "out/<base>-vs-<variants>.shard-<i>-of-<n>.h5 with --shard)");
  add_shard_option(*command, options.shard, "replicates");
  command->add_flag("--json", options.json, "Print the comparison as JSON");
  command->add_flag("--quiet,-q", options.quiet, "No progress bar and no closing message");
  return command;
}

int compare_command(const CompareOptions& options, const std::string& command_line) {
  install_interrupt_handler();  // first, as in `run`: loading a large world can take a while
  const experiment::MpiWorld world = experiment::mpi_world();
  std::optional<std::vector<params::Scenario>> scenarios;
  std::vector<std::string> names;
  fs::path out;
  std::optional<experiment::Shard> shard;
  // Under mpirun, rank 0 checks and reports; the others wait for its word.
  if (world.rank == 0 && parse_shard_option(options.shard, shard)) {
    scenarios = load_all(options);
    if (scenarios && shard &&
        !shard_fits(*shard, scenarios->front().values.integer(params::ParamId::run_replicates)))
      scenarios.reset();
    if (scenarios) {
      std::vector<std::string> stems;
      for (const params::Scenario& s : *scenarios) stems.push_back(s.name);
      names = experiment::distinct_names(stems);
      out = options.out.empty() ? default_out(names, shard) : fs::path(options.out);
      std::vector<io::NamedInput> inputs;
      for (std::size_t i = 0; i < scenarios->size(); ++i)
        for (io::NamedInput& input :
             scenario_inputs((*scenarios)[i], i == 0 ? "the base scenario" : "a variant"))
          inputs.push_back(std::move(input));
      if (!output_path_ok(out, options.out.empty(), inputs) ||
          !side_file_ok(experiment::TaskJournal::path_for(out), "journal", inputs) ||
          !data_ok(*scenarios))
        scenarios.reset();
    }
  }
  if (!experiment::mpi_broadcast_go(scenarios.has_value())) return kExitBadInput;
  const int threads = threads_for(options.threads, world);
  if (world.rank != 0) {
    const std::vector<params::Scenario> all = *load_all(options);  // checked by rank 0
    const experiment::RunInfo info = experiment::run_info(all.front(), "", threads);
    defer_interrupts();  // a signal now stops the task in hand (after_serving)
    return after_serving(experiment::serve_replicates(all, info.replicates, info.seed, threads,
                                                      interrupt_requested));
  }

  // On threads, every finished replicate of every scenario is kept until the results file is
  // committed, so a killed comparison resumes where it stopped (app/replicate_store.hpp).
  std::unique_ptr<ReplicateStore> store;
  if (world.size == 1) {
    defer_interrupts();  // the store writes from here
    const experiment::RunInfo first = experiment::run_info(scenarios->front(), "", threads);
    int refused = 0;
    store = open_replicate_store(out, *scenarios, first.replicates, first.seed, options.quiet,
                                 refused);
    if (!store) return refused;
  }
  const experiment::Shard slice = shard.value_or(experiment::Shard{});
  const int status = run_guarded([&] {
    experiment::ProgressBar bar(experiment::ProgressBar::wanted(options.quiet));
    const double count = static_cast<double>(scenarios->size());
    std::vector<experiment::ScenarioResult> results;
    // A slice keeps its replicates' raw outputs (all of them go into its file) and analyses
    // nothing: merge analyses the whole set. Otherwise each replicate is reduced as it
    // finishes and freed (run_accumulator.hpp).
    std::vector<experiment::RunInfo> infos;
    std::vector<std::vector<model::ReplicateOutput>> slice_outputs;
    std::deque<experiment::RunAccumulator> accumulators;  // not movable: a deque
    auto info_of = [&](std::size_t i) {
      experiment::RunInfo info = experiment::run_info((*scenarios)[i], command_line, threads);
      info.scenario = names[i];
      return info;
    };
    const std::uint32_t replicates = info_of(0).replicates;
    for (std::size_t i = 0; i < scenarios->size(); ++i) {
      infos.push_back(info_of(i));
      if (shard)
        slice_outputs.emplace_back(replicates);
      else
        accumulators.emplace_back(replicates);
    }
    auto finished = [&](std::size_t i, std::uint32_t r, model::ReplicateOutput&& output) {
      if (shard)
        slice_outputs[i][r] = std::move(output);
      else
        accumulators[i].add(r, std::move(output));
    };
    if (world.size > 1) {
      // Every (scenario, replicate) on the ranks' queue at once.
      experiment::TaskPoolOptions pool;
      pool.threads = threads;
      pool.cancelled = interrupt_requested;
      pool.progress = [&bar](double f) { bar.update(f); };
      experiment::run_replicates_over_ranks(*scenarios, replicates, infos.front().seed, pool,
                                            slice, finished);
    } else {
      // One scenario after another, each with the whole thread budget.
      for (std::size_t i = 0; i < scenarios->size(); ++i) {
        experiment::RunnerOptions runner;
        runner.replicates = infos[i].replicates;
        runner.seed = infos[i].seed;
        runner.threads = threads;
        runner.progress = [&bar, i, count](double f) { bar.update((double(i) + f) / count); };
        runner.cancelled = interrupt_requested;
        runner.replicate_function = store->replicate_function(i);
        runner.shard = slice;
        try {
          experiment::run_replicates(
              (*scenarios)[i], runner,
              [&, i](std::uint32_t r, model::ReplicateOutput&& o) { finished(i, r, std::move(o)); });
        } catch (const experiment::Interrupted&) {
          bar.finish();
          std::cerr << "spipsim: interrupted; no results file written. Finished replicates "
                       "are kept (" << store->journal_path().string()
                    << "): run the same command again to resume\n";
          return kExitInterrupted;
        }
        // Analysed now, so that only the analysis of each scenario is kept.
        if (!shard) results.push_back(experiment::scenario_result(infos[i], accumulators[i]));
      }
    }
    if (world.size > 1 && !shard)
      for (std::size_t i = 0; i < scenarios->size(); ++i)
        results.push_back(experiment::scenario_result(infos[i], accumulators[i]));
    bar.finish();

    if (shard) {
      experiment::write_replicate_shard(out, experiment::kCompareShardKind, infos, slice, false,
                                        slice_outputs, interrupt_requested);
      if (store) store->remove();  // only once the shard file is committed
      if (!options.quiet) report_shard_written(out, slice, infos.front().replicates);
      return kExitSuccess;
    }
    std::vector<experiment::Comparison> comparisons;
    for (std::size_t i = 1; i < results.size(); ++i)
      comparisons.push_back(experiment::compare(results.front(), results[i]));
    experiment::write_comparison(out, results, comparisons, interrupt_requested);
    if (store) store->remove();  // only once the results file is committed

    if (options.json)
      experiment::print_comparison_json(std::cout, results, comparisons);
    else
      experiment::print_comparison(std::cout, results, comparisons);
    if (!options.quiet) std::cerr << "results written to " << out.string() << "\n";
    return kExitSuccess;
  });
  if (status != kExitSuccess && world.size > 1) experiment::mpi_abort(status);
  return status;
}

}  // namespace spipsim::app
