// Results files as `check`, `report` and `merge` take them: io::verify_file (whose HDF5
// part runs in a child process, because HDF5 1.10 itself crashes on some crafted files:
// those become "unreadable", see tests/fuzz/README.md), then, as merge does for a verified
// or an incomplete file, in this process: read_sweep_shard and read_task_table for a sweep
// shard, read_replicate_shard_header and read_shard_replicate (each replicate it owns) for
// a shard of run or compare. IoError and std::runtime_error are the readers' refusals; a
// crash, a leak or undefined behaviour here is a finding (and would be one of `merge`).
#include "fuzz_support.hpp"
#include "sim/experiment/results/replicate_shard.hpp"
#include "sim/experiment/sweep/sweep_results.hpp"
#include "sim/experiment/sweep/sweep_writer.hpp"
#include "sim/io/file_verification.hpp"
#include "sim/io/h5_file_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spipsim;
  const auto path = fuzz::write_input(data, size, "fuzzed.h5");
  const io::FileVerification verified = io::verify_file(path);
  if (!verified.ok() && verified.status != io::FileStatus::incomplete) return 0;
  try {
    const io::H5FileReader reader = io::H5FileReader::open(path);
    if (verified.kind == experiment::kRunShardKind ||
        verified.kind == experiment::kCompareShardKind) {
      const experiment::ReplicateShardHeader header =
          experiment::read_replicate_shard_header(reader);
      const std::uint32_t replicates = header.scenarios.front().replicates;
      for (std::size_t s = 0; s < header.scenarios.size(); ++s)
        for (std::uint32_t r = 0; r < replicates && r < 64; ++r)
          if (header.shard.owns(r)) experiment::read_shard_replicate(reader, s, r);
      return 0;
    }
    const experiment::ShardFile shard = experiment::read_sweep_shard(reader);
    experiment::TaskResults results(shard.plan.task_count(), shard.plan.headlines.size());
    experiment::read_task_table(shard.tasks, shard.plan, results);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
