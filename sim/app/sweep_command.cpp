#include "sim/app/sweep_command.hpp"

#include <filesystem>
#include <iostream>

#include "sim/app/command_common.hpp"
#include "sim/app/console/progress_bar.hpp"
#include "sim/app/console/sweep_printer.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/app/shard_options.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/experiment/sweep/sweep_writer.hpp"
#include "sim/experiment/sweep/task_journal.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;
using experiment::Shard;

// The largest sweep: a million tasks is already a cluster-month of replicates of one site,
// and holds a few hundred MB of headline values; 1e10 tasks (a Latin hypercube with huge
// points x replicates) or a Sobol design with a million base samples died of bad_alloc.
constexpr std::uint64_t kMaxSweepTasks = 1'000'000;

std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? UINT64_MAX : product;
}

// Refuses a design too large to hold, before its points are drawn (one diagnostic).
void check_design_size(const experiment::SweepDesign& design, const params::Scenario& base) {
  std::uint64_t points = 1;
  std::string how;
  switch (design.method) {
    case experiment::SweepMethod::Grid:
      for (const experiment::SweepParameter& p : design.parameters)
        points = saturating_product(points, p.levels.size());
      how = "the product of the grid's levels";
      break;
    case experiment::SweepMethod::LatinHypercube:
      points = design.points;
      how = "points";
      break;
    case experiment::SweepMethod::Sobol:
      points = saturating_product(design.base_samples, design.parameters.size() + 2);
      how = "base_samples x (parameters + 2)";
      break;
  }
  const auto replicates =
      static_cast<std::uint64_t>(base.values.integer(params::ParamId::run_replicates));
  const std::uint64_t tasks = saturating_product(points, replicates);
  auto refuse = [&](std::string key, std::string rule, std::string hint) {
    throw params::ScenarioError(
        {params::Diagnostic{design.path.string(), 0, 0, std::move(key), std::move(rule),
                            std::move(hint)}});
  };
  if (tasks > kMaxSweepTasks)
    refuse(design.method == experiment::SweepMethod::Sobol ? "base_samples" : "points",
           "the design has " +
               (tasks == UINT64_MAX ? std::string("more than 2^64") : std::to_string(tasks)) +
               " tasks (" + how + " = " +
               (points == UINT64_MAX ? std::string("more than 2^64") : std::to_string(points)) +
               " points, x " + std::to_string(replicates) + " replicates); at most " +
               std::to_string(kMaxSweepTasks),
           "use fewer points or replicates, or split the study into several designs");
}

// Everything a rank needs to compute tasks, built the same way on every rank.
experiment::Sweep prepare(const SweepOptions& options) {
  experiment::SweepDesign design = experiment::load_sweep_design(options.design);
  params::Scenario base =
      study_base_scenario(design.scenario, design.fixed, design.replicates, design.seed,
                          {options.replicates, options.seed, options.years});
  check_design_size(design, base);
  model::check_scenario_data(base);
  return experiment::make_sweep(std::move(design), std::move(base));
}

// The design, its scenario and their data: what no output of the sweep may replace.
std::vector<io::NamedInput> sweep_inputs(const experiment::Sweep& sweep) {
  std::vector<io::NamedInput> inputs = scenario_inputs(sweep.base);
  inputs.push_back({sweep.design.path, "the design"});
  return inputs;
}


experiment::TaskFunction task_function(const experiment::Sweep& sweep) {
  return [&sweep](std::uint64_t task, const model::RunControl& control) {
    return experiment::run_sweep_task(sweep, task, control);
  };
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options) {
  CLI::App* command = app.add_subcommand(
      "sweep", "Run a design of parameter points (grid, latin_hypercube, sobol); resumable");
  command->add_option("design", options.design, "Sweep design file (TOML)")->required();
  command->add_option("--replicates,-r", options.replicates,
                      "Replicates per point (default: the design's, else the scenario's)");
  command->add_option("--seed,-s", options.seed, "Root seed (default: the design's)");
  command->add_option("--years,-y", options.years, "Simulated years of every point");
  add_threads_option(*command, options.threads);
  command->add_option("--out,-o", options.out,
                      "Results file (default: out/<design>.h5, or "
                      "out/<design>.shard-<i>-of-<n>.h5 with --shard)");
  add_shard_option(*command, options.shard, "tasks");
  command->add_flag("--json", options.json, "Print the results as JSON");
  command->add_flag("--quiet,-q", options.quiet, "No progress bar and no closing message");
  return command;
}

int sweep_command(const SweepOptions& options, const std::string& command_line) {
  install_interrupt_handler();
  const experiment::MpiWorld world = experiment::mpi_world();
  const bool root = world.rank == 0;

  // Rank 0 checks the input and reports; the other ranks wait for its word, so that a
  // mistake is reported once, not once per rank.
  std::optional<experiment::Sweep> prepared;
  std::optional<Shard> shard;
  fs::path out;
  int refused = 0;
  if (root) {
    if (!parse_shard_option(options.shard, shard)) refused = kExitBadInput;
    const io::NamedInput design{options.design, "the design"};
    if (!refused && !inputs_are_files({&design, 1})) refused = kExitBadInput;
    if (!refused) {
      try {
        prepared.emplace(prepare(options));
        out = options.out.empty() ? default_results_path(prepared->design.name, shard)
                                  : fs::path(options.out);
        const std::vector<io::NamedInput> inputs = sweep_inputs(*prepared);
        if (!output_path_ok(out, options.out.empty(), inputs) ||
            !side_file_ok(experiment::TaskJournal::path_for(out), "journal", inputs))
          refused = kExitBadInput;
      } catch (const params::ScenarioError& error) {
        report_problems(error);
        refused = kExitBadInput;
      }
    }
  }
  if (!experiment::mpi_broadcast_go(refused == 0)) return root ? refused : kExitBadInput;
  const int threads = threads_for(options.threads, world);
  if (!root) {
    const experiment::Sweep p = prepare(options);  // the same files rank 0 has just checked
    defer_interrupts();  // a signal now stops the task in hand (after_serving)
    return after_serving(
        experiment::serve_tasks_mpi(task_function(p), threads, interrupt_requested));
  }

  const experiment::SweepPlan& plan = prepared->plan;
  experiment::TaskResults results(plan.task_count(), plan.headlines.size());
  defer_interrupts();  // from here the journal is written: a signal stops cleanly
  int journal_status = 0;
  const auto opened = open_task_journal(out, plan.fingerprint, results, journal_status);
  if (!opened) return journal_status;
  experiment::TaskJournal& journal = *opened->journal;
  const Shard slice = shard.value_or(Shard{});
  std::vector<std::uint64_t> pending;
  std::uint64_t owned = 0;
  for (std::uint64_t t = 0; t < plan.task_count(); ++t) {
    if (!slice.owns(t)) continue;
    ++owned;
    if (!results.done[t]) pending.push_back(t);
  }
  if (!options.quiet && journal.recovered() > 0)
    std::cerr << "resuming: " << owned - pending.size() << " of " << owned
              << " tasks already done (" << journal.path().string() << ")\n";

  const int status = run_guarded([&] {
    experiment::ProgressBar bar(experiment::ProgressBar::wanted(options.quiet));
    experiment::TaskPoolOptions pool;
    pool.threads = threads;
    pool.cancelled = interrupt_requested;
    pool.progress = [&bar](double f) { bar.update(f); };
    experiment::TaskSink sink = [&](std::uint64_t t, const std::vector<double>& values) {
      journal.record(t, values);  // durable first: a task counts once it is on disk
      results.record(t, values);
    };
    try {
      if (world.size > 1)
        experiment::run_task_pool_mpi(pending, task_function(*prepared), sink, pool);
      else
        experiment::run_task_pool(pending, task_function(*prepared), sink, pool);
    } catch (const experiment::Interrupted&) {
      bar.finish();
      std::uint64_t done = 0;
      for (std::uint64_t t = 0; t < plan.task_count(); ++t)
        done += slice.owns(t) && results.done[t];
      std::cerr << "spipsim: interrupted: " << done << " of " << owned << " tasks are recorded in "
                << journal.path().string() << "; run the same command again to resume\n";
      return kExitInterrupted;
    }
    bar.finish();

    experiment::SweepRunInfo info{command_line, threads, world.size, interrupt_requested};
    if (shard)
      experiment::write_sweep_shard(out, plan, results, slice, info);
    else
      experiment::write_sweep(out, plan, results, info);
    journal.remove();
    if (options.json)
      experiment::print_sweep_json(std::cout, plan, results);
    else if (!shard)
      experiment::print_sweep(std::cout, plan, results);
    if (!options.quiet) std::cerr << "results written to " << out.string() << "\n";
    return kExitSuccess;
  });
  if (status != kExitSuccess && world.size > 1) experiment::mpi_abort(status);
  return status;
}

}  // namespace spipsim::app
