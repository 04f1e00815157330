#include "sim/app/allocate_command.hpp"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "sim/app/allocation_shards.hpp"
#include "sim/app/command_common.hpp"
#include "sim/app/console/allocation_printer.hpp"
#include "sim/app/console/progress_bar.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/app/shard_options.hpp"
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

std::string tasks_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " task" : " tasks"); }

std::string evaluations_text(std::uint64_t first, std::uint64_t last) {
  return first == last ? "evaluation " + std::to_string(first)
                       : "evaluations " + std::to_string(first) + "-" + std::to_string(last);
}

// A shard other than the first, once every round is in: shard 1 writes the results file;
// wait for it (so that the array's success means the file exists), then drop the journal.
int finish_slice(const fs::path& out, const Allocation& a, experiment::TaskJournal& journal,
                 const AllocateOptions& options, const std::string& who) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  while (!allocation_written(out, a.fingerprint)) {
    if (interrupt_requested()) throw experiment::Interrupted();
    if (Clock::now() - start >= std::chrono::duration<double>(options.wait)) {
      std::cerr << "spipsim: " << who << "every round is done, but shard 1 has not written "
                << out.string() << " within " << static_cast<long long>(options.wait)
                << " s (--wait): submit shard 1 again, or run the same command without --shard "
                   "(it writes the file from the journals) (exit status "
                << kExitIncomplete << ")\n";
      return kExitIncomplete;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  journal.remove();
  if (!options.quiet) std::cerr << who << "done; shard 1 wrote " << out.string() << "\n";
  return kExitSuccess;
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
  command->add_option("--out,-o", options.out,
                      "Results file (default: out/<allocation>.h5; with --shard, the one file "
                      "every slice shares, written by slice 1)");
  add_shard_option(*command, options.shard, "tasks of each round",
                   "the slices share the journals beside --out, wait for one another at the "
                   "end of each round, and slice 1 writes the results file");
  command->add_option("--wait", options.wait,
                      "With --shard: seconds to wait for the other slices' tasks of a round "
                      "before leaving with status 75 (the slice's own tasks are kept)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_flag("--json", options.json, "Print the results as JSON");
  command->add_flag("--quiet,-q", options.quiet, "No progress bar and no closing message");
  return command;
}

int allocate_command(const AllocateOptions& options, const std::string& command_line) {
  install_interrupt_handler();
  const experiment::MpiWorld world = experiment::mpi_world();
  const bool root = world.rank == 0;
  std::optional<Allocation> prepared;
  std::optional<experiment::Shard> shard;
  fs::path out;
  int refused = 0;
  if (root) {
    if (!parse_shard_option(options.shard, shard)) refused = kExitBadInput;
    if (shard && world.size > 1) {
      std::cerr << "spipsim: --shard with " << world.size
                << " MPI ranks: use one or the other (the ranks already share every round; "
                   "a slice of a job array is one process)\n";
      refused = kExitBadInput;
    }
  }
  if (root && !refused) {
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
  const experiment::Shard slice = shard.value_or(experiment::Shard{});
  const std::string who = shard ? "shard " + std::to_string(slice.index + 1) + " of " +
                                      std::to_string(slice.count) + ": "
                                : std::string();
  const fs::path own_journal = allocation_journal(out, shard);
  if (shard && allocation_written(out, a.fingerprint)) {
    std::error_code ignored;
    fs::remove(own_journal, ignored);  // left by a slice killed after the file was written
    if (!options.quiet)
      std::cerr << who << "nothing to do: " << out.string()
                << " already holds the results of this allocation\n";
    return kExitSuccess;
  }
  experiment::TaskResults results(a.task_count(), a.width());
  int journal_status = 0;
  const auto opened = open_task_journal_at(own_journal, a.fingerprint, results, journal_status);
  if (!opened) return journal_status;
  experiment::TaskJournal& journal = *opened->journal;
  std::uint64_t from_others = 0;
  try {
    // An unsharded run after a job array (or a slice re-submitted) reuses every slice's work.
    from_others = read_other_journals(out, own_journal, a.fingerprint, results);
  } catch (const std::exception& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
    return dynamic_cast<const experiment::JournalMismatch*>(&error) ? kExitBadInput : kExitFailure;
  }
  if (!options.quiet && journal.recovered() + from_others > 0)
    std::cerr << who << "resuming: " << journal.recovered() << " tasks already done ("
              << journal.path().string() << ")"
              << (from_others > 0 ? ", " + std::to_string(from_others) +
                                        " more in the journals of other processes"
                                  : std::string())
              << "\n";

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
    if (shard) {
      read_other_journals(out, own_journal, a.fingerprint, results);
      std::erase_if(pending, [&](std::uint64_t t) { return results.done[t]; });
    }
    std::vector<std::uint64_t> round = pending;  // what this batch still needs from anyone
    std::erase_if(pending, [&](std::uint64_t t) { return !slice.owns(t); });
    experiment::TaskPoolOptions pool;
    pool.threads = threads;
    pool.cancelled = interrupt_requested;
    pool.progress = [&](double f) { bar.update(f); };
    experiment::TaskSink sink = [&](std::uint64_t t, const std::vector<double>& values) {
      journal.record(t, values);  // durable first: a task counts once it is on disk
      results.record(t, values);
    };
    if (pending.empty()) {
      // This shard owns none of the round's missing tasks: it only waits below.
    } else if (world.size > 1) {
      experiment::mpi_broadcast_go(true);
      experiment::Bytes bytes = encode(batch);
      experiment::mpi_broadcast_bytes(bytes);
      experiment::run_task_pool_mpi(pending, task_function(a, book), sink, pool);
    } else {
      experiment::run_task_pool(pending, task_function(a, book), sink, pool);
    }
    if (!shard) return;
    const auto first = batch.front().first, last = batch.back().first;
    const std::vector<std::uint64_t> missing = wait_for_tasks(
        out, own_journal, a.fingerprint, results, round,
        std::chrono::duration<double>(options.wait), [&](const std::vector<std::uint64_t>& m) {
          if (!options.quiet)
            std::cerr << who << evaluations_text(first, last) << ": waiting for "
                      << tasks_text(m.size()) << " of " << owners_of(m, slice.count) << "\n";
        });
    if (!missing.empty())
      throw RoundIncomplete(
          who + "waited " + std::to_string(static_cast<long long>(options.wait)) +
          " s (--wait) for " + evaluations_text(first, last) + ": " +
          tasks_text(missing.size()) + " of " + owners_of(missing, slice.count) +
          (missing.size() == 1 ? " is" : " are") +
          " in no journal yet; this shard's tasks are kept in " + journal.path().string() +
          ". Check that every shard of the array runs (squeue), then submit this one again: it "
          "resumes");
  };

  const int status = run_guarded([&] {
    experiment::AllocationResult result;
    try {
      result = experiment::allocate(a, results, run_batch);
    } catch (const experiment::Interrupted&) {
      bar.finish();
      std::cerr << who << "interrupted: " << results.finished() << " tasks are recorded in "
                << journal.path().string() << (shard ? " and the other shards' journals" : "")
                << "; run the same command again to resume\n";
      return kExitInterrupted;
    } catch (const RoundIncomplete& error) {
      bar.finish();
      std::cerr << "spipsim: " << error.what() << " (exit status " << kExitIncomplete << ")\n";
      return kExitIncomplete;
    } catch (const AlreadyWritten&) {
      bar.finish();
      journal.remove();
      if (!options.quiet)
        std::cerr << who << "done: another process wrote " << out.string() << "\n";
      return kExitSuccess;
    } catch (const experiment::AllocationInfeasible& error) {
      bar.finish();
      std::cerr << options.file << ": " << error.what()
                << " (raise posts or max_per_site, or lower min_per_site or workload_cap)\n";
      return kExitBadInput;
    }
    bar.finish();
    if (world.size > 1) experiment::mpi_broadcast_go(false);  // the workers may leave
    if (shard && slice.index != 0) return finish_slice(out, a, journal, options, who);
    experiment::write_allocation(out, a, result, {command_line, threads, world.size});
    journal.remove();
    remove_idle_journals(out, own_journal);
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
