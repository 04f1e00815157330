#pragma once
// The record of finished tasks that makes a sweep resumable: the journal of run/journal.hpp
// (kind "sweep"; sizes: task count and values per task) with one record per finished task,
// its number and its values. A task counts as done once its record is synced, so a crash
// at any moment loses at most the tasks still running; a torn last record is cut off.
#include <cstdint>
#include <filesystem>
#include <span>

#include "sim/experiment/run/journal.hpp"
#include "sim/experiment/sweep/sweep_plan.hpp"

namespace spipsim::experiment {

class TaskJournal {
 public:
  // Opens the journal at `path`, creating it if missing. Records of an existing journal are
  // loaded into `results` (which must have the plan's task count and width). Throws
  // JournalMismatch when it belongs to another sweep, and std::runtime_error (naming the
  // file and the system's reason) when it cannot be read or written.
  TaskJournal(std::filesystem::path path, std::uint64_t fingerprint, TaskResults& results);

  // Tasks found in the journal when it was opened (each counted once).
  std::uint64_t recovered() const { return recovered_; }
  const std::filesystem::path& path() const { return journal_.path(); }

  // Appends one task's values and syncs the file. Thread-safe.
  void record(std::uint64_t task, std::span<const double> values);

  // Closes and deletes the journal: called once the results file is committed.
  void remove() { journal_.remove(); }

  // Reads the journal of another process at `path` (missing: nothing) into `results`
  // without writing to it (run/journal.hpp, Journal::read); returns the tasks that were not
  // yet in `results`. Throws like the constructor.
  static std::uint64_t read(const std::filesystem::path& path, std::uint64_t fingerprint,
                            TaskResults& results);

  // "<results file>.journal"
  static std::filesystem::path path_for(const std::filesystem::path& results_file);

 private:
  std::size_t width_ = 0;
  std::uint64_t recovered_ = 0;
  Journal journal_;
};

}  // namespace spipsim::experiment
