#pragma once
// `spipsim allocate --shard i/n`: an allocation study as a Slurm job array (docs/allocation.md,
// "Running it"). Every array task runs the same greedy, round by round, but computes only
// the tasks k of each round with k % n == i - 1; it appends them to a journal of its own,
// <out>.shard-<i>-of-<n>.journal, and reads the journals of the other slices (and of an
// unsharded run, <out>.journal) from the folder they share to learn the rest. A round ends
// for a slice when every one of its tasks is in some journal; the plans of the next round
// follow from the results alone, so every slice decides the same plans. Each process writes
// only its own journal (appends from several nodes to one file are not atomic on network
// file systems) and reads the others without locking or truncating them.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/experiment/run/shard.hpp"
#include "sim/experiment/sweep/sweep_plan.hpp"

namespace spipsim::app {

// The journal this process appends to: <out>.journal, or <out>.shard-<i>-of-<n>.journal.
std::filesystem::path allocation_journal(const std::filesystem::path& out,
                                         const std::optional<experiment::Shard>& shard);

// The task journals of `out` in its folder other than `own`: <out>.journal and
// <out>.shard-<i>-of-<n>.journal of any split (a study may be re-submitted with another n).
std::vector<std::filesystem::path> other_journals(const std::filesystem::path& out,
                                                  const std::filesystem::path& own);

// Reads the other journals into `results`; returns the tasks that were new. Throws
// experiment::JournalMismatch for a journal of another allocation, std::runtime_error when
// one cannot be read.
std::uint64_t read_other_journals(const std::filesystem::path& out,
                                  const std::filesystem::path& own, std::uint64_t fingerprint,
                                  experiment::TaskResults& results);

// Deletes the other journals that no running spipsim holds (its flock, app/command_common):
// called by the process that wrote the results file. A slice still running removes its own
// once it sees the file.
void remove_idle_journals(const std::filesystem::path& out, const std::filesystem::path& own);

// `out` is a complete, verified allocation file of this fingerprint (written by a slice or
// by an unsharded run).
bool allocation_written(const std::filesystem::path& out, std::uint64_t fingerprint);

// A shard waited --wait seconds and some tasks of the round are still in no journal.
class RoundIncomplete : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Another process wrote the results file while this slice waited: nothing left to do.
class AlreadyWritten : public std::runtime_error {
 public:
  AlreadyWritten() : std::runtime_error("the results file is already written") {}
};

// Waits for other processes to record `tasks`: re-reads the other journals every second
// until each task is in `results`, and returns the tasks still missing after `wait` (empty:
// all in). `waiting` is called once, with the tasks missing, when the first look finds some.
// Throws experiment::Interrupted at Ctrl-C or SIGTERM, and AlreadyWritten when a complete
// results file of this fingerprint appears meanwhile.
std::vector<std::uint64_t> wait_for_tasks(
    const std::filesystem::path& out, const std::filesystem::path& own, std::uint64_t fingerprint,
    experiment::TaskResults& results, const std::vector<std::uint64_t>& tasks,
    std::chrono::duration<double> wait,
    const std::function<void(const std::vector<std::uint64_t>&)>& waiting);

// "shards 1 and 3" or "shard 2": the slices of n that own `tasks`.
std::string owners_of(const std::vector<std::uint64_t>& tasks, std::uint64_t n);

}  // namespace spipsim::app
