#include "sim/app/command_common.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <iostream>
#include <limits>
#include <thread>
#include <vector>

#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/app/replicate_store.hpp"
#include "sim/engine/input_file.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/io/io_error.hpp"

namespace spipsim::app {

void apply_overrides(params::Scenario& scenario, const RunOverrides& overrides) {
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
}

params::Scenario load_with_overrides(const std::filesystem::path& file,
                                     const RunOverrides& overrides) {
  params::Scenario scenario = params::load_scenario(file);
  apply_overrides(scenario, overrides);
  return scenario;
}

params::Scenario study_base_scenario(
    const std::filesystem::path& scenario,
    const std::vector<std::pair<params::ParamId, params::Value>>& fixed,
    std::optional<std::uint32_t> replicates, std::optional<std::uint64_t> seed,
    const RunOverrides& overrides) {
  params::Scenario base = params::load_scenario(scenario);
  for (const auto& [id, value] : fixed) base.values.set(id, value);
  if (replicates) base.values.set(params::ParamId::run_replicates, {double(*replicates), ""});
  if (seed) base.values.set(params::ParamId::run_seed, {double(*seed), ""});
  apply_overrides(base, overrides);
  return base;
}

void report_problems(const params::ScenarioError& error) {
  for (const params::Diagnostic& d : error.diagnostics) std::cerr << d.format() << "\n";
}

bool output_path_ok(const std::filesystem::path& out, bool default_location,
                    std::span<const io::NamedInput> inputs) {
  try {
    // Refused before the default folder is made: nothing is touched for a refusal.
    io::check_output_target(out, inputs);
    if (default_location) std::filesystem::create_directories(out.parent_path());
    io::H5FileWriter::check_writable(out, inputs);
    return true;
  } catch (const std::exception& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
    return false;
  }
}

bool side_file_ok(const std::filesystem::path& path, const std::string& what,
                  std::span<const io::NamedInput> inputs) {
  try {
    io::check_output_target(path, inputs, what);
    const std::filesystem::path directory =
        path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec))
      throw io::IoError("cannot write " + what + " " + io::quoted_name(path.native()) +
                        ": directory " + io::quoted_name(directory.native()) +
                        " does not exist (create it or choose another path)");
    return true;
  } catch (const std::exception& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
    return false;
  }
}

std::vector<io::NamedInput> scenario_inputs(const params::Scenario& scenario,
                                            const std::string& role) {
  return {{scenario.path, role},
          {scenario.values.text(params::ParamId::world_departements), "a data file of " + role},
          {scenario.values.text(params::ParamId::world_adjacency), "a data file of " + role}};
}

std::vector<io::NamedInput> study_inputs(const experiment::StudyFile& study) {
  std::vector<io::NamedInput> inputs{{study.path, "the study file"},
                                     {study.targets_path, "the targets file"}};
  for (const params::Scenario* scenario : {&study.scenario, &study.effect_scenario})
    for (io::NamedInput& input : scenario_inputs(*scenario)) inputs.push_back(std::move(input));
  return inputs;
}

bool inputs_are_files(std::span<const io::NamedInput> inputs) {
  bool ok = true;
  for (const io::NamedInput& input : inputs) {
    if (std::optional<std::string> problem =
            engine::input_file_problem(input.path, std::numeric_limits<std::uintmax_t>::max())) {
      std::cerr << "spipsim: " << input.role << " " << io::quoted_name(input.path.native()) << " "
                << *problem << "\n";
      ok = false;
    }
  }
  return ok;
}

int total_threads(int requested) {
  if (requested > 0) return requested;
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

JournalLock::JournalLock(const std::filesystem::path& journal) {
  fd_ = ::open(journal.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
  if (fd_ < 0)
    throw std::runtime_error("cannot open the journal " + journal.string() + ": " +
                             std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK)
      throw std::runtime_error("another spipsim is running on the same results file (its "
                               "journal " + journal.string() +
                               " is locked); wait for it to finish or choose another --out");
    throw std::runtime_error("cannot lock the journal " + journal.string() + ": " +
                             std::strerror(error));
  }
}

JournalLock::~JournalLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<LockedTaskJournal> open_task_journal(const std::filesystem::path& out,
                                                     std::uint64_t fingerprint,
                                                     experiment::TaskResults& results,
                                                     int& status) {
  return open_task_journal_at(experiment::TaskJournal::path_for(out), fingerprint, results, status);
}

std::unique_ptr<LockedTaskJournal> open_task_journal_at(const std::filesystem::path& path,
                                                        std::uint64_t fingerprint,
                                                        experiment::TaskResults& results,
                                                        int& status) {
  auto opened = std::make_unique<LockedTaskJournal>();
  try {
    opened->lock = std::make_unique<JournalLock>(path);
    status = kExitFailure;  // from here, a failure is the system's
    opened->journal = std::make_unique<experiment::TaskJournal>(path, fingerprint, results);
    return opened;
  } catch (const experiment::JournalMismatch& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
    status = kExitBadInput;
  } catch (const std::exception& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
    if (!opened->lock) status = kExitBadInput;  // locked by another spipsim, or not a file
  }
  experiment::mpi_abort(status);
  return nullptr;
}

std::unique_ptr<ReplicateStore> open_replicate_store(const std::filesystem::path& out,
                                                     const std::vector<params::Scenario>& scenarios,
                                                     std::uint32_t replicates, std::uint64_t seed,
                                                     bool quiet, int& status) {
  try {
    auto store = std::make_unique<ReplicateStore>(out, scenarios, replicates, seed, quiet);
    const std::uint64_t total = scenarios.size() * std::uint64_t{replicates};
    if (!quiet && store->recovered() > 0)
      std::cerr << "resuming: " << store->recovered() << " of " << total
                << " replicates already done (" << store->journal_path().string() << ")\n";
    return store;
  } catch (const experiment::JournalMismatch&) {
    std::cerr << "spipsim: the journal " << experiment::TaskJournal::path_for(out).string()
              << " belongs to another run (other scenario, seed, replicates or spipsim build); "
                 "delete it and " << ReplicateStore::folder_for(out).string()
              << " to start afresh, or choose another --out\n";
  } catch (const std::exception& error) {
    std::cerr << "spipsim: " << error.what() << "\n";
  }
  status = kExitBadInput;
  return nullptr;
}

int run_guarded(const std::function<int()>& work) {
  defer_interrupts();
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
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            long long value = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || end != text.data() + text.size() || value < 0 ||
                value > kMaxThreads)
              return "--threads " + text + ": expected a whole number from 0 (every hardware " +
                     "thread) to " + std::to_string(kMaxThreads) +
                     " (more threads than cores only cost time and memory)";
            return {};
          },
          "INT in [0, " + std::to_string(kMaxThreads) + "]"));
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
