#include "sim/app/allocate_command.hpp"

#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "sim/app/command_common.hpp"
#include "sim/app/console/allocation_printer.hpp"
#include "sim/app/console/progress_bar.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/experiment/allocation/allocation_writer.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/experiment/sweep/task_journal.hpp"

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;
using experiment::Allocation;
using experiment::EvaluationBatch;
using experiment::PostPlan;

Allocation prepare(const AllocateOptions& options) {
  experiment::AllocationFile file = experiment::load_allocation_file(options.file);
  params::Scenario base =
      study_base_scenario(file.scenario, file.fixed, file.replicates, file.seed,
                          {options.replicates, options.seed, options.years});
  model::check_scenario_data(base);
  return experiment::make_allocation(std::move(file), std::move(base));
}

// The plans of the evaluations run so far, indexed by evaluation. Written by rank 0 (or
// received) between rounds, read by tasks during a round.
struct PlanBook {
  std::vector<PostPlan> plans;
  void add(const EvaluationBatch& batch) {
    for (const auto& [e, plan] : batch) {
      if (plans.size() <= e) plans.resize(e + 1);
      plans[e] = plan;
    }
  }
};

experiment::Bytes encode(const EvaluationBatch& batch) {
  experiment::Bytes bytes;
  auto put = [&](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    bytes.insert(bytes.end(), b, b + n);
  };
  for (const auto& [e, plan] : batch) {
    put(&e, sizeof e);
    put(plan.data(), plan.size() * sizeof(std::uint32_t));
  }
  return bytes;
}

EvaluationBatch decode(const experiment::Bytes& bytes, std::size_t sites) {
  EvaluationBatch batch;
  const std::size_t record = 8 + sites * sizeof(std::uint32_t);
  for (std::size_t at = 0; at + record <= bytes.size(); at += record) {
    std::uint64_t e = 0;
    std::memcpy(&e, bytes.data() + at, 8);
    PostPlan plan(sites);
    std::memcpy(plan.data(), bytes.data() + at + 8, sites * sizeof(std::uint32_t));
    batch.emplace_back(e, std::move(plan));
  }
  return batch;
}

experiment::TaskFunction task_function(const Allocation& a, const PlanBook& book) {
  return [&a, &book](std::uint64_t task, const model::RunControl& control) {
    return experiment::run_allocation_task(a, book.plans.at(task / a.replicates),
                                           static_cast<std::uint32_t>(task % a.replicates),
                                           control);
  };
}

// Ranks other than 0: serve each round's tasks until rank 0 says the allocation is done.
// False when this rank was interrupted (SIGTERM, Ctrl-C) and left its task.
bool serve_rounds(const Allocation& a, int threads) {
  PlanBook book;
  while (experiment::mpi_broadcast_go(false)) {
    experiment::Bytes bytes;
    experiment::mpi_broadcast_bytes(bytes);
    book.add(decode(bytes, a.sites.size()));
    if (!experiment::serve_tasks_mpi(task_function(a, book), threads, interrupt_requested))
      return false;
  }
  return true;
}

}  // namespace

CLI::App* add_allocate_command(CLI::App& app, AllocateOptions& options) {
  CLI::App* command = app.add_subcommand(
      "allocate", "Where N new posts help most: greedy allocation with common random numbers, "
                  "compared with pro-rata rules; resumable");
  command->add_option("allocation", options.file, "Allocation file (TOML)")->required();
  command->add_option("--replicates,-r", options.replicates,
                      "Replicates per plan (default: the file's, else the scenario's)");
  command->add_option("--seed,-s", options.seed, "Root seed (default: the file's)");
  command->add_option("--years,-y", options.years, "Simulated years of every plan");
  add_threads_option(*command, options.threads);
  command->add_option("--out,-o", options.out, "Results file (default: out/<allocation>.h5)");
  command->add_flag("--json", options.json, "Print the results as JSON");
  command->add_flag("--quiet,-q", options.quiet, "No progress bar and no closing message");
  return command;
}

int allocate_command(const AllocateOptions& options, const std::string& command_line) {
  install_interrupt_handler();
  const experiment::MpiWorld world = experiment::mpi_world();
  const bool root = world.rank == 0;
  std::optional<Allocation> prepared;
  fs::path out;
  int refused = 0;
  if (root) {
    try {
      prepared.emplace(prepare(options));
      out = options.out.empty() ? fs::path("out") / (prepared->file.name + ".h5")
                                : fs::path(options.out);
      if (!output_path_ok(out, options.out.empty())) refused = kExitBadInput;
    } catch (const params::ScenarioError& error) {
      report_problems(error);
      refused = kExitBadInput;
    }
  }
  if (!experiment::mpi_broadcast_go(refused == 0)) return root ? refused : kExitBadInput;
  const int threads = threads_for(options.threads, world);
  if (!root) return after_serving(serve_rounds(prepare(options), threads));

  const Allocation& a = *prepared;
  experiment::TaskResults results(a.task_count(), a.width());
  int journal_status = 0;
  const auto opened = open_task_journal(out, a.fingerprint, results, journal_status);
  if (!opened) return journal_status;
  experiment::TaskJournal& journal = *opened->journal;
  if (!options.quiet && journal.recovered() > 0)
    std::cerr << "resuming: " << journal.recovered() << " tasks already done ("
              << journal.path().string() << ")\n";

  PlanBook book;
  experiment::ProgressBar bar(experiment::ProgressBar::wanted(options.quiet));
  std::uint64_t batches = 0;
  const experiment::BatchRunner run_batch = [&](const EvaluationBatch& batch) {
    book.add(batch);
    std::vector<std::uint64_t> pending;
    for (const auto& [e, plan] : batch)
      for (std::uint32_t r = 0; r < a.replicates; ++r)
        if (!results.done[e * a.replicates + r]) pending.push_back(e * a.replicates + r);
    ++batches;
    if (pending.empty()) return;  // replayed from the journal
    experiment::TaskPoolOptions pool;
    pool.threads = threads;
    pool.cancelled = interrupt_requested;
    pool.progress = [&](double f) { bar.update(f); };
    experiment::TaskSink sink = [&](std::uint64_t t, const std::vector<double>& values) {
      journal.record(t, values);  // durable first: a task counts once it is on disk
      results.record(t, values);
    };
    if (world.size > 1) {
      experiment::mpi_broadcast_go(true);
      experiment::Bytes bytes = encode(batch);
      experiment::mpi_broadcast_bytes(bytes);
      experiment::run_task_pool_mpi(pending, task_function(a, book), sink, pool);
    } else {
      experiment::run_task_pool(pending, task_function(a, book), sink, pool);
    }
  };

  const int status = run_guarded([&] {
    experiment::AllocationResult result;
    try {
      result = experiment::allocate(a, results, run_batch);
    } catch (const experiment::Interrupted&) {
      bar.finish();
      std::cerr << "interrupted: " << results.finished() << " tasks are recorded in "
                << journal.path().string() << "; run the same command again to resume\n";
      return kExitInterrupted;
    } catch (const experiment::AllocationInfeasible& error) {
      bar.finish();
      std::cerr << options.file << ": " << error.what()
                << " (raise posts or max_per_site, or lower min_per_site or workload_cap)\n";
      return kExitBadInput;
    }
    bar.finish();
    if (world.size > 1) experiment::mpi_broadcast_go(false);  // the workers may leave
    experiment::write_allocation(out, a, result, {command_line, threads, world.size});
    journal.remove();
    if (options.json)
      print_allocation_json(std::cout, a, result);
    else
      print_allocation(std::cout, a, result);
    if (!options.quiet) std::cerr << "results written to " << out.string() << "\n";
    return kExitSuccess;
  });
  if (status != kExitSuccess && world.size > 1) experiment::mpi_abort(status);
  return status;
}

}  // namespace spipsim::app
