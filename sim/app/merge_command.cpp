#include "sim/app/merge_command.hpp"

#include <filesystem>
#include <iostream>
#include <map>

#include "sim/app/command_common.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/experiment/sweep/sweep_results.hpp"
#include "sim/experiment/sweep/sweep_writer.hpp"
#include "sim/io/file_verification.hpp"
#include "sim/io/h5_file_reader.hpp"

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;

// "2, 5 and 7"
std::string list_numbers(const std::vector<std::uint64_t>& numbers) {
  std::string text;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (i > 0) text += i + 1 == numbers.size() ? " and " : ", ";
    text += std::to_string(numbers[i]);
  }
  return text;
}

}  // namespace

CLI::App* add_merge_command(CLI::App& app, MergeOptions& options) {
  CLI::App* command = app.add_subcommand(
      "merge", "Join the shard files of a sweep (sweep --shard i/n) into one results file");
  command->add_option("shards", options.shards, "Shard files, all n of them")->required();
  command->add_option("--out,-o", options.out, "Results file (default: out/<design>.h5)");
  command->add_flag("--quiet,-q", options.quiet, "No closing message");
  return command;
}

int merge_command(const MergeOptions& options, const std::string& command_line) {
  std::vector<experiment::ShardFile> files;
  std::vector<std::string> problems;
  for (const std::string& name : options.shards) {
    // A shard must be intact (complete, checksum matching) before it is trusted.
    const io::FileVerification verified = io::verify_file(name);
    if (!verified.ok() && verified.status != io::FileStatus::incomplete) {
      problems.push_back(name + ": " + verified.reason);
      continue;
    }
    try {
      files.push_back(experiment::read_sweep_shard(io::H5FileReader::open(name)));
    } catch (const std::exception& error) {
      problems.push_back(error.what());
    }
  }
  if (!files.empty()) {
    const experiment::ShardFile& first = files.front();
    std::map<std::uint64_t, std::vector<std::string>> by_index;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const experiment::ShardFile& f = files[i];
      if (f.plan.fingerprint != first.plan.fingerprint)
        problems.push_back(options.shards[i] + ": from another sweep than " + options.shards[0] +
                           " (design, scenario, seed, replicates or build differ)");
      else if (f.shard.count != first.shard.count)
        problems.push_back(options.shards[i] + ": one of " + std::to_string(f.shard.count) +
                           " shards, but " + options.shards[0] + " is one of " +
                           std::to_string(first.shard.count));
      else
        by_index[f.shard.index].push_back(options.shards[i]);
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
  if (!problems.empty()) {
    for (const std::string& p : problems) std::cerr << "spipsim: " << p << "\n";
    std::cerr << "spipsim: nothing written\n";
    return kExitBadInput;
  }

  const experiment::SweepPlan& plan = files.front().plan;
  const fs::path out =
      options.out.empty() ? fs::path("out") / (plan.design_name + ".h5") : fs::path(options.out);
  std::vector<io::NamedInput> inputs;
  for (const std::string& name : options.shards) inputs.push_back({name, "a shard"});
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

}  // namespace spipsim::app
