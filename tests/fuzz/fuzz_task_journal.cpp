// The sweep's task journal (experiment::TaskJournal) as it is found on a restart: torn,
// bit-flipped, foreign. Even first byte: the input follows a valid header of a 64-task
// sweep, so the fuzzer works on records; odd: the input is the whole file. A
// JournalMismatch or runtime_error is a refusal; a crash or UB is a finding, and so is a
// recovered task outside the sweep.
#include <cstring>

#include "fuzz_support.hpp"
#include "sim/experiment/sweep/task_journal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spipsim;
  if (size == 0) return 0;
  constexpr std::uint64_t kFingerprint = 0x5eed5eed5eed5eedULL;
  constexpr std::uint64_t kTasks = 64;
  const std::size_t width = experiment::headline_specs().size();
  std::string bytes;
  if (data[0] % 2 == 0) {
    const char magic[8] = {'S', 'P', 'I', 'P', 'J', 'R', 'N', '1'};
    const std::uint64_t header[3] = {kFingerprint, kTasks, width};
    bytes.append(magic, 8);
    bytes.append(reinterpret_cast<const char*>(header), sizeof header);
  }
  bytes.append(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto path = fuzz::write_input(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                      bytes.size(), "fuzzed.journal");
  try {
    experiment::TaskResults results(kTasks, width);
    experiment::TaskJournal journal(path, kFingerprint, results);
    if (journal.recovered() > kTasks || results.finished() > kTasks) __builtin_trap();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
