#include "sim/app/merge_command.hpp"

#include <filesystem>
#include <iostream>
#include <map>

#include "sim/app/command_common.hpp"
#include "sim/app/console/comparison_printer.hpp"
#include "sim/app/console/summary_printer.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/shard_options.hpp"
#include "sim/experiment/outcomes/run_accumulator.hpp"
#include "sim/experiment/outcomes/scenario_comparison.hpp"
#include "sim/experiment/results/comparison_writer.hpp"
#include "sim/experiment/results/replicate_shard.hpp"
#include "sim/experiment/results/results_writer.hpp"
#include "sim/experiment/sweep/sweep_results.hpp"
#include "sim/experiment/sweep/sweep_writer.hpp"
#include "sim/io/file_verification.hpp"
#include "sim/io/h5_file_reader.hpp"

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;
using experiment::Shard;

// "2, 5 and 7"
std::string list_numbers(const std::vector<std::uint64_t>& numbers) {
  std::string text;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (i > 0) text += i + 1 == numbers.size() ? " and " : ", ";
    text += std::to_string(numbers[i]);
  }
  return text;
}

// What the set check needs of one shard file.
struct Member {
  std::string name;
  std::uint64_t fingerprint = 0;
  Shard shard;
};

// Appends a problem unless `members` are the n slices of one job, each exactly once. `job`
// names the job ("sweep", "run", "comparison"), `differ` what a fingerprint covers.
void check_one_set(const std::vector<Member>& members, const std::string& job,
                   const std::string& differ, std::vector<std::string>& problems) {
  if (members.empty()) return;
  const Member& first = members.front();
  std::map<std::uint64_t, std::vector<std::string>> by_index;
  for (const Member& m : members) {
    if (m.fingerprint != first.fingerprint)
      problems.push_back(m.name + ": from another " + job + " than " + first.name + " (" + differ +
                         " differ)");
    else if (m.shard.count != first.shard.count)
      problems.push_back(m.name + ": one of " + std::to_string(m.shard.count) + " shards, but " +
                         first.name + " is one of " + std::to_string(first.shard.count));
    else
      by_index[m.shard.index].push_back(m.name);
  }
  std::vector<std::uint64_t> missing;
  for (std::uint64_t s = 0; s < first.shard.count; ++s) {
    auto it = by_index.find(s);
    if (it == by_index.end())
      missing.push_back(s + 1);
    else if (it->second.size() > 1)
      problems.push_back("shard " + std::to_string(s + 1) +
                         " is given more than once: " + it->second[0] + " and " + it->second[1]);
  }
  if (!missing.empty() && problems.empty())
    problems.push_back("incomplete set: shard" + std::string(missing.size() > 1 ? "s " : " ") +
                       list_numbers(missing) + " of " + std::to_string(first.shard.count) +
                       " missing");
}

int refuse(const std::vector<std::string>& problems) {
  for (const std::string& p : problems) std::cerr << "spipsim: " << p << "\n";
  std::cerr << "spipsim: nothing written\n";
  return kExitBadInput;
}

std::vector<io::NamedInput> shard_inputs(const MergeOptions& options) {
  std::vector<io::NamedInput> inputs;
  for (const std::string& name : options.shards) inputs.push_back({name, "a shard"});
  return inputs;
}

int merge_sweep(const MergeOptions& options, const std::string& command_line) {
  std::vector<experiment::ShardFile> files;
  std::vector<std::string> problems;
  std::vector<Member> members;
  for (const std::string& name : options.shards) {
    try {
      files.push_back(experiment::read_sweep_shard(io::H5FileReader::open(name)));
      members.push_back({name, files.back().plan.fingerprint, files.back().shard});
    } catch (const std::exception& error) {
      problems.push_back(error.what());
    }
  }
  check_one_set(members, "sweep", "design, scenario, seed, replicates or build", problems);
  if (!problems.empty()) return refuse(problems);

  const experiment::SweepPlan& plan = files.front().plan;
  const fs::path out =
      options.out.empty() ? fs::path("out") / (plan.design_name + ".h5") : fs::path(options.out);
  const std::vector<io::NamedInput> inputs = shard_inputs(options);
  if (!output_path_ok(out, options.out.empty(), inputs)) return kExitBadInput;
  return run_guarded([&] {
    experiment::TaskResults results(plan.task_count(), plan.headlines.size());
    for (const experiment::ShardFile& f : files)
      experiment::read_task_table(f.tasks, plan, results);
    if (results.finished() != plan.task_count()) {
      std::cerr << "spipsim: the shards hold " << results.finished() << " of " << plan.task_count()
                << " tasks; nothing written\n";
      return kExitBadInput;
    }
    experiment::write_sweep(out, plan, results, {command_line, 1, 1, {}});
    if (!options.quiet)
      std::cerr << "merged " << files.size() << " shards into " << out.string() << "\n";
    return kExitSuccess;
  });
}

// The shards of `run --shard` or `compare --shard`: every replicate decoded from the slice
// that owns it, then analysed and written exactly as the unsharded command does.
int merge_replicates(const MergeOptions& options, const std::string& command_line) {
  std::vector<io::H5FileReader> readers;
  std::vector<experiment::ReplicateShardHeader> headers;
  std::vector<std::string> problems;
  std::vector<Member> members;
  for (const std::string& name : options.shards) {
    try {
      io::H5FileReader reader = io::H5FileReader::open(name);
      experiment::ReplicateShardHeader header = experiment::read_replicate_shard_header(reader);
      if (header.build != experiment::this_build()) {
        problems.push_back(name + ": written by " + header.build + "; this is " +
                           experiment::this_build() + ": merge with the build that ran the shards");
        continue;
      }
      members.push_back({name, header.fingerprint, header.shard});
      readers.push_back(std::move(reader));
      headers.push_back(std::move(header));
    } catch (const std::exception& error) {
      problems.push_back(error.what());
    }
  }
  if (!headers.empty()) {
    const bool run = headers.front().kind == experiment::kRunShardKind;
    check_one_set(members, run ? "run" : "comparison",
                  run ? "scenario, seed, replicates, years, --person-table or build"
                      : "scenarios, seed, replicates, years or build",
                  problems);
  }
  if (!problems.empty()) return refuse(problems);

  // Slice i's reader, by shard index (each index once: checked above).
  const experiment::ReplicateShardHeader& job = headers.front();
  std::vector<const io::H5FileReader*> slice(job.shard.count);
  for (std::size_t i = 0; i < headers.size(); ++i) slice[headers[i].shard.index] = &readers[i];
  std::vector<experiment::RunInfo> infos = job.scenarios;
  for (experiment::RunInfo& info : infos) {
    info.command_line = command_line;
    info.threads = 1;
  }
  const bool run = job.kind == experiment::kRunShardKind;
  std::string stem = infos.front().scenario;
  if (!run) {
    stem += "-vs";
    for (std::size_t i = 1; i < infos.size(); ++i) stem += "-" + infos[i].scenario;
  }
  const fs::path out =
      options.out.empty() ? default_results_path(stem, std::nullopt) : fs::path(options.out);
  const std::vector<io::NamedInput> inputs = shard_inputs(options);
  if (!output_path_ok(out, options.out.empty(), inputs)) return kExitBadInput;
  return run_guarded([&] {
    // One scenario at a time, as `compare` does on threads, one replicate at a time: each is
    // read, reduced and freed (run_accumulator.hpp), and only the analysis is kept.
    auto analysis_of = [&](std::size_t s, experiment::RunAccumulator& accumulator) {
      for (std::uint32_t r = 0; r < infos[s].replicates; ++r)
        accumulator.add(r, experiment::read_shard_replicate(*slice[r % job.shard.count], s, r));
    };
    if (run) {
      experiment::RunAccumulator accumulator(infos.front().replicates, job.person_table);
      analysis_of(0, accumulator);
      const experiment::RunAnalysis analysis = accumulator.finish();
      experiment::ResultsOptions write_options;
      write_options.person_table = job.person_table;
      experiment::write_results(out, infos.front(), analysis, write_options);
      experiment::print_summary(std::cout, infos.front(), analysis.summary);
    } else {
      std::vector<experiment::ScenarioResult> results;
      for (std::size_t s = 0; s < infos.size(); ++s) {
        experiment::RunAccumulator accumulator(infos[s].replicates);
        analysis_of(s, accumulator);
        results.push_back(experiment::scenario_result(infos[s], accumulator));
      }
      std::vector<experiment::Comparison> comparisons;
      for (std::size_t i = 1; i < results.size(); ++i)
        comparisons.push_back(experiment::compare(results.front(), results[i]));
      experiment::write_comparison(out, results, comparisons);
      experiment::print_comparison(std::cout, results, comparisons);
    }
    if (!options.quiet)
      std::cerr << "merged " << headers.size() << " shards into " << out.string() << "\n";
    return kExitSuccess;
  });
}

// "a sweep shard", "a run file": what a file's spipsim_kind makes it, in words.
std::string kind_in_words(const std::string& kind) {
  if (kind.empty()) return "not a spipsim file";
  const auto shard = kind.find("_shard");
  if (shard != std::string::npos) return "a " + kind.substr(0, shard) + " shard";
  return "a " + kind + " file";
}

}  // namespace

CLI::App* add_merge_command(CLI::App& app, MergeOptions& options) {
  CLI::App* command = app.add_subcommand(
      "merge",
      "Join the shard files of a sweep, run or compare (--shard i/n) into one results file");
  command->add_option("shards", options.shards, "Shard files, all n of them")->required();
  command->add_option("--out,-o", options.out,
                      "Results file (default: out/<design>.h5, out/<scenario>.h5 or "
                      "out/<base>-vs-<variants>.h5)");
  command->add_flag("--quiet,-q", options.quiet, "No closing message");
  return command;
}

int merge_command(const MergeOptions& options, const std::string& command_line) {
  // Each file must be intact (complete, checksum matching) before it is trusted, and all
  // must be shards of the same command.
  std::vector<std::string> problems;
  std::string first_kind, first_name;
  for (const std::string& name : options.shards) {
    const io::FileVerification verified = io::verify_file(name);
    if (!verified.ok() && verified.status != io::FileStatus::incomplete) {
      problems.push_back(name + ": " + verified.reason);
      continue;
    }
    const std::string& kind = verified.kind;
    if (!kind.ends_with("_shard")) {
      problems.push_back(name + ": not a shard (" + kind_in_words(kind) +
                         "): merge joins the files of `sweep`, `run` or `compare` run with "
                         "--shard i/n");
    } else if (first_kind.empty()) {
      first_kind = kind;
      first_name = name;
    } else if (kind != first_kind) {
      problems.push_back(name + ": " + kind_in_words(kind) + ", but " + first_name + " is " +
                         kind_in_words(first_kind));
    }
  }
  if (!problems.empty()) return refuse(problems);
  if (first_kind == "sweep_shard") return merge_sweep(options, command_line);
  return merge_replicates(options, command_line);
}

}  // namespace spipsim::app
