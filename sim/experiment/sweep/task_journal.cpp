#include "sim/experiment/sweep/task_journal.hpp"

#include <cstring>
#include <stdexcept>
#include <vector>

namespace spipsim::experiment {

std::filesystem::path TaskJournal::path_for(const std::filesystem::path& results_file) {
  std::filesystem::path p = results_file;
  p += ".journal";
  return p;
}

// A record: the task number, then its values.
TaskJournal::TaskJournal(std::filesystem::path path, std::uint64_t fingerprint,
                         TaskResults& results)
    : width_(results.width),
      journal_(std::move(path), JournalIdentity{"sweep", fingerprint, results.tasks, results.width},
               "belongs to another sweep (a different design, scenario, seed, replicates or "
               "spipsim build); delete it to start afresh, or choose another --out",
               [this, &results](std::span<const unsigned char> record) {
                 std::uint64_t task = 0;
                 if (record.size() != 8 + width_ * 8) return false;
                 std::memcpy(&task, record.data(), 8);
                 if (task >= results.tasks) return false;
                 std::vector<double> values(width_);
                 std::memcpy(values.data(), record.data() + 8, width_ * 8);
                 if (!results.done[task]) ++recovered_;
                 results.record(task, values);
                 return true;
               }) {}

void TaskJournal::record(std::uint64_t task, std::span<const double> values) {
  if (values.size() != width_) throw std::logic_error("task journal: wrong number of values");
  std::vector<unsigned char> record(8 + values.size_bytes());
  std::memcpy(record.data(), &task, 8);
  std::memcpy(record.data() + 8, values.data(), values.size_bytes());
  journal_.append(record);
}

}  // namespace spipsim::experiment
