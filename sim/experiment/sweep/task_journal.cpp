#include "sim/experiment/sweep/task_journal.hpp"

#include <cstring>
#include <stdexcept>
#include <vector>

namespace spipsim::experiment {
namespace {

constexpr std::string_view kMismatch =
    "belongs to another sweep (a different design, scenario, seed, replicates or "
    "spipsim build); delete it to start afresh, or choose another --out";

JournalIdentity identity_of(std::uint64_t fingerprint, const TaskResults& results) {
  return {"sweep", fingerprint, results.tasks, results.width};
}

// A record: the task number, then its values. Tasks not yet in `results` are counted in
// `fresh` (a task recorded twice, by a re-run or by two processes, counts once).
Journal::RecordReader record_reader(TaskResults& results, std::uint64_t& fresh) {
  return [&results, &fresh](std::span<const unsigned char> record) {
    const std::size_t width = results.width;
    std::uint64_t task = 0;
    if (record.size() != 8 + width * 8) return false;
    std::memcpy(&task, record.data(), 8);
    if (task >= results.tasks) return false;
    std::vector<double> values(width);
    std::memcpy(values.data(), record.data() + 8, width * 8);
    if (!results.done[task]) ++fresh;
    results.record(task, values);
    return true;
  };
}

}  // namespace

std::filesystem::path TaskJournal::path_for(const std::filesystem::path& results_file) {
  std::filesystem::path p = results_file;
  p += ".journal";
  return p;
}

TaskJournal::TaskJournal(std::filesystem::path path, std::uint64_t fingerprint,
                         TaskResults& results)
    : width_(results.width),
      journal_(std::move(path), identity_of(fingerprint, results), kMismatch,
               record_reader(results, recovered_)) {}

std::uint64_t TaskJournal::read(const std::filesystem::path& path, std::uint64_t fingerprint,
                                TaskResults& results) {
  std::uint64_t fresh = 0;
  Journal::read(path, identity_of(fingerprint, results), kMismatch, record_reader(results, fresh));
  return fresh;
}

void TaskJournal::record(std::uint64_t task, std::span<const double> values) {
  if (values.size() != width_) throw std::logic_error("task journal: wrong number of values");
  std::vector<unsigned char> record(8 + values.size_bytes());
  std::memcpy(record.data(), &task, 8);
  std::memcpy(record.data() + 8, values.data(), values.size_bytes());
  journal_.append(record);
}

}  // namespace spipsim::experiment
