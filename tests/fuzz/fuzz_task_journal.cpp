// The sweep's task journal (experiment::TaskJournal) as it is found on a restart: torn,
// bit-flipped, foreign (fuzz::journal_from_input: the first byte chooses between the whole
// file and records framed after a valid header of a 64-task sweep, so that the fuzzer works
// on the records). A JournalMismatch or runtime_error is a refusal; a crash or UB is a
// finding, and so is a recovered task outside the sweep.
#include <cstring>

#include "fuzz_support.hpp"
#include "sim/experiment/sweep/task_journal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spipsim;
  if (size == 0) return 0;
  constexpr std::uint64_t kFingerprint = 0x5eed5eed5eed5eedULL;
  constexpr std::uint64_t kTasks = 64;
  const std::uint64_t width = experiment::headline_specs().size();
  // The header run/journal.cpp writes for a sweep: magic, kind, fingerprint, tasks, width.
  char header[40] = {'S', 'P', 'I', 'P', 'J', 'R', 'N', '2', 's', 'w', 'e', 'e', 'p'};
  const std::uint64_t identity[3] = {kFingerprint, kTasks, width};
  std::memcpy(header + 16, identity, sizeof identity);
  const std::string bytes = fuzz::journal_from_input({header, sizeof header}, data, size);
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
