#pragma once
// The one journal of finished work, for every long command that must survive a crash or a
// SIGKILL and resume where it stopped: sweep tasks (sweep/task_journal.hpp), calibration
// evaluations (study/calibration.cpp), and any other command that records finished pieces
// of work (run and compare replicates can use it the same way).
//
// One file, append-only:
//   header, 40 bytes: magic "SPIPJRN2"; the kind of journal (up to 8 characters: "sweep",
//     "calib"); a fingerprint of everything the records depend on (inputs, seed, build);
//     two sizes of the kind's own (a sweep: tasks and values per task);
//   then one record per finished piece of work: its length (8 bytes), its payload, and a
//     check hash (FNV-1a 64) of both.
// Each record is written with one write() and synced (fdatasync) before append() returns,
// so a crash at any moment loses at most the records being written. On opening, records
// are read in order until one is cut short or fails its check (or is refused by the
// reader): that torn tail is cut off before anything is appended. A journal whose header
// differs from the expected one belongs to another job: it is refused (JournalMismatch),
// never mixed in.
//
// How to use it:
//   Journal journal(path, {"mykind", fingerprint, n, width}, "belongs to another job; ...",
//                   [&](std::span<const unsigned char> payload) { /* decode */ return true; });
//   ... journal.append(encoded);   // for each finished piece, from any thread
//   ... write the final output atomically, then journal.remove();
// Records are native-endian and the fingerprint should include the build, so a journal is
// resumed only by the program (and machine type) that wrote it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace spipsim::experiment {

// The journal at that path belongs to another job (other inputs, seed or build, or another
// kind of journal): resuming from it would mix results. Bad input for the commands.
class JournalMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JournalIdentity {
  std::string_view kind;  // at most 8 characters
  std::uint64_t fingerprint = 0;
  std::uint64_t size_a = 0, size_b = 0;
};

class Journal {
 public:
  // Receives each record found when the journal is opened, in the order written; returns
  // false for a record it cannot use, which ends the journal there (it is cut off).
  using RecordReader = std::function<bool(std::span<const unsigned char> payload)>;

  // Opens the journal at `path`, creating it when missing (or when it holds less than a
  // header: a crash at creation). Throws JournalMismatch ("journal <path> " + `mismatch`)
  // when its header differs, and std::runtime_error naming the file and the system's reason
  // when it cannot be read or written.
  Journal(std::filesystem::path path, const JournalIdentity& identity, std::string_view mismatch,
          const RecordReader& on_record);
  ~Journal();

  // Reads another process's journal without taking it over: the valid records, in order,
  // up to a torn or unfinished tail (which may be a record being written: it is left
  // alone, never cut off). A missing file has no records. Throws JournalMismatch when the
  // header differs, std::runtime_error when it cannot be read. Returns the records read.
  // For jobs split over processes that share a folder (`allocate --shard`).
  static std::uint64_t read(const std::filesystem::path& path, const JournalIdentity& identity,
                            std::string_view mismatch, const RecordReader& on_record);
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Records found when the journal was opened.
  std::uint64_t recovered() const { return recovered_; }
  const std::filesystem::path& path() const { return path_; }

  // Appends one record and syncs the file. Thread-safe.
  void append(std::span<const unsigned char> payload);

  // Closes and deletes the journal: call it once the final output is committed.
  void remove();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t recovered_ = 0;
  std::mutex mutex_;
};

}  // namespace spipsim::experiment
