#pragma once
// What `run` and `compare` share: loading a scenario with the command-line overrides,
// reporting its problems, checking the output path, the thread budget, and turning a failed
// or interrupted run into its exit status. Each reports on stderr in the same words, so both
// commands refuse bad input (exit 2, nothing run) and fail (1, 130) the same way.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/experiment/study/study_file.hpp"
#include "sim/experiment/sweep/task_journal.hpp"
#include "sim/io/output_target.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::app {

// --replicates, --seed and --years as typed. Kept as text and applied with
// params::apply_override, so that the parameter table's bounds and messages apply to the
// command line exactly as to a scenario file.
struct RunOverrides {
  std::optional<std::string> replicates, seed, years;
};

// Loads the scenario and applies the overrides. Every problem of the file is reported by
// the loader at once; overrides are checked only once the file is good, and all their
// problems are reported together. Throws params::ScenarioError.
params::Scenario load_with_overrides(const std::filesystem::path& file,
                                     const RunOverrides& overrides);

// Applies the overrides to a loaded scenario, all their problems reported together.
void apply_overrides(params::Scenario& scenario, const RunOverrides& overrides);

// The base scenario of a study file (a sweep design, an allocation file): its scenario, its
// [set] values, its replicates and seed, then the command line, which wins.
params::Scenario study_base_scenario(
    const std::filesystem::path& scenario,
    const std::vector<std::pair<params::ParamId, params::Value>>& fixed,
    std::optional<std::uint32_t> replicates, std::optional<std::uint64_t> seed,
    const RunOverrides& overrides);

// One line per diagnostic on stderr.
void report_problems(const params::ScenarioError& error);

// Checks that the results file can be written, creating the default folder (and only that:
// a typo in --out should fail, not make folders), and that what is there may be replaced:
// nothing, or a regular file that is none of `inputs` (io/output_target.hpp). On failure
// prints io's message, which names the file and says what to do, and returns false.
bool output_path_ok(const std::filesystem::path& out, bool default_location,
                    std::span<const io::NamedInput> inputs = {});

// The same for a file written beside the results (a journal, a Markdown report): absent or
// a regular file that is none of `inputs`, in a directory that exists. `what` names it.
bool side_file_ok(const std::filesystem::path& path, const std::string& what,
                  std::span<const io::NamedInput> inputs);

// The scenario file and the data files it names, as inputs no output may replace.
std::vector<io::NamedInput> scenario_inputs(const params::Scenario& scenario,
                                            const std::string& role = "the scenario");

// The study file of calibrate or validate, its targets and its scenarios: what no output of
// the study may replace.
std::vector<io::NamedInput> study_inputs(const experiment::StudyFile& study);

// Checks that every one of `inputs` is a regular file before anything reads it: a FIFO would
// block the reader, a device never ends. Prints one line per problem; false if any.
bool inputs_are_files(std::span<const io::NamedInput> inputs);

// --threads,-t: the thread budget of every command that simulates. Under mpirun it is per
// rank, and defaults to 1 there (threads_for). At most kMaxThreads, checked by the parser.
void add_threads_option(CLI::App& command, int& threads);

// The largest --threads. Results do not depend on the thread count and the work is CPU
// bound, so threads beyond the hardware's only cost memory (a stack and a TBB arena slot
// each) and time: --threads 10000 took 75x the time and 8x the memory of --threads 2 on a
// 2-core machine, and 1000000 aborted. 1024 is above the hardware threads of any node in
// service today (2 x 192 cores x 2 SMT = 768) and still starts in well under a second.
inline constexpr int kMaxThreads = 1024;

// The total thread budget: `requested`, or every hardware thread when it is 0.
int total_threads(int requested);

// The same for one MPI rank: with several ranks the default is 1 thread per rank (one rank
// per core is the usual layout); an explicit --threads is kept.
int threads_for(int requested, const experiment::MpiWorld& world);

// What a rank other than 0 returns once it has served rank 0 (`served`: true), or once a
// SIGTERM or Ctrl-C stopped it (false): then the rank ends at once with status 130 through
// MPI_Abort, since rank 0 is leaving too and MPI_Finalize would wait for it.
int after_serving(bool served);

// Holds an exclusive flock on a journal for its owner's life, so that a second command on
// the same --out fails at once instead of racing the first for the journal and the results
// file. The lock is on a descriptor of its own (the journal opens the file again); the
// kernel drops it when the process ends, however it ends. Throws std::runtime_error
// ("another ... is running on the same results file") when it is held elsewhere.
class JournalLock {
 public:
  explicit JournalLock(const std::filesystem::path& journal);
  ~JournalLock();
  JournalLock(const JournalLock&) = delete;
  JournalLock& operator=(const JournalLock&) = delete;

 private:
  int fd_ = -1;
};

// The task journal of a sweep or an allocation at <out>.journal (sweep/task_journal.hpp),
// held under its JournalLock for as long as it lives.
struct LockedTaskJournal {
  std::unique_ptr<JournalLock> lock;  // taken before the journal is read
  std::unique_ptr<experiment::TaskJournal> journal;
};

// Opens and locks the task journal of `out` for rank 0 of `sweep` and `allocate`. On a
// journal of another job or a lock held elsewhere (exit 2), or a system error (exit 1):
// prints why, ends the other ranks (mpi_abort) and returns nullptr with `status` set.
std::unique_ptr<LockedTaskJournal> open_task_journal(const std::filesystem::path& out,
                                                     std::uint64_t fingerprint,
                                                     experiment::TaskResults& results, int& status);
// The same for a journal at `path` (a slice of `allocate --shard`: app/allocation_shards.hpp).
std::unique_ptr<LockedTaskJournal> open_task_journal_at(const std::filesystem::path& path,
                                                        std::uint64_t fingerprint,
                                                        experiment::TaskResults& results,
                                                        int& status);

// Opens the replicate store of `out` (app/replicate_store.hpp) for `run` and `compare` and
// says on stderr when it resumes; on a foreign or locked journal prints why and returns
// nullptr with `status` set (2).
class ReplicateStore;
std::unique_ptr<ReplicateStore> open_replicate_store(const std::filesystem::path& out,
                                                     const std::vector<params::Scenario>& scenarios,
                                                     std::uint32_t replicates, std::uint64_t seed,
                                                     bool quiet, int& status);

// Calls defer_interrupts() (the work may write from now on), then returns work(), or the
// exit status of what it throws: experiment::Interrupted gives
// kExitInterrupted, any other exception kExitFailure, each with a message on stderr.
int run_guarded(const std::function<int()>& work);

}  // namespace spipsim::app
