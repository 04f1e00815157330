#pragma once
// What makes `run` and `compare` resumable per finished replicate (issue 13, item 3): the
// sweep's task journal, used as it is through its public interface, records each finished
// replicate (task = scenario x replicates + replicate) with the byte count and check hash
// of its output, which is kept beside the results in <out>.replicates/<task>.bin (written
// to a temporary name, synced, renamed). A re-run of the same command finds them: a
// replicate recorded in the journal whose file is intact is read back instead of simulated
// (the codec is lossless, so the results file is the same bytes outside /manifest); any
// other is simulated again. Journal and folder are removed once the results file is
// committed. The journal is locked: a second command on the same --out is refused.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "sim/app/command_common.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/experiment/sweep/sweep_plan.hpp"
#include "sim/experiment/sweep/task_journal.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::app {

class ReplicateStore {
 public:
  // Opens or creates the journal of `out` for scenarios.size() x replicates tasks. Throws
  // experiment::JournalMismatch when the journal there belongs to another command (other
  // scenarios, seed, replicates or build) and std::runtime_error when it cannot be opened
  // or is locked by another process.
  // Keeping replicates is a convenience, not the result: when a replicate cannot be stored
  // (a full disk, a file-size limit) the run goes on without storing, with one warning on
  // stderr unless `quiet`, and fails where the results file cannot be written either.
  ReplicateStore(const std::filesystem::path& out, const std::vector<params::Scenario>& scenarios,
                 std::uint32_t replicates, std::uint64_t seed, bool quiet);
  ~ReplicateStore();

  // Replicates recorded in the journal when it was opened.
  std::uint64_t recovered() const { return journal_->recovered(); }
  const std::filesystem::path& journal_path() const { return journal_->path(); }

  // The runner's replicate function for scenario `scenario_index`: a recorded replicate with
  // an intact file is read back, any other is simulated, stored and recorded. Thread-safe.
  experiment::ReplicateFunction replicate_function(std::size_t scenario_index);

  // Deletes the journal and the stored replicates: once the results file is committed.
  void remove();

  // "<out>.replicates": where the outputs of finished replicates are kept.
  static std::filesystem::path folder_for(const std::filesystem::path& out);

 private:
  std::filesystem::path folder_;
  std::uint32_t replicates_;
  experiment::TaskResults results_;
  std::optional<JournalLock> lock_;
  std::unique_ptr<experiment::TaskJournal> journal_;
  bool quiet_ = false;
  std::atomic<bool> storing_{true};
};

}  // namespace spipsim::app
