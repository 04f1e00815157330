#pragma once
// The record of finished tasks that makes a sweep resumable. One file, append-only:
// a 32-byte header (magic, fingerprint of the sweep, task count, values per task), then one
// record per finished task (task number, its values, a check hash of both). Each record is
// written with one write() and synced before the task counts as done, so a crash at any
// moment loses at most the tasks still running. A torn last record fails its check and is
// cut off when the journal is opened again.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <span>
#include <stdexcept>

#include "sim/experiment/sweep/sweep_plan.hpp"

namespace spipsim::experiment {

// The journal at that path belongs to another sweep (other design, seed, replicates or
// build): resuming from it would mix results.
class JournalMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TaskJournal {
 public:
  // Opens the journal at `path`, creating it if missing. Records of an existing journal are
  // loaded into `results` (which must have the plan's task count and width). Throws
  // JournalMismatch when the header differs, and std::runtime_error (naming the file and
  // the system's reason) when it cannot be read or written.
  TaskJournal(std::filesystem::path path, std::uint64_t fingerprint, TaskResults& results);
  ~TaskJournal();
  TaskJournal(const TaskJournal&) = delete;
  TaskJournal& operator=(const TaskJournal&) = delete;

  // Tasks found in the journal when it was opened.
  std::uint64_t recovered() const { return recovered_; }
  const std::filesystem::path& path() const { return path_; }

  // Appends one task's values and syncs the file. Thread-safe.
  void record(std::uint64_t task, std::span<const double> values);

  // Closes and deletes the journal: called once the results file is committed.
  void remove();

  // "<results file>.journal"
  static std::filesystem::path path_for(const std::filesystem::path& results_file);

 private:
  std::filesystem::path path_;
  std::size_t width_ = 0;
  int fd_ = -1;
  std::uint64_t recovered_ = 0;
  std::mutex mutex_;
};

}  // namespace spipsim::experiment
