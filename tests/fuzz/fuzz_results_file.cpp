// Results files as `check`, `report` (io::verify_file) and `merge` (verify, then
// read_sweep_shard and read_task_table) take them. IoError and std::runtime_error are the
// readers' refusals; a crash, a leak or undefined behaviour is a finding.
#include "fuzz_support.hpp"
#include "sim/experiment/sweep/sweep_results.hpp"
#include "sim/experiment/sweep/sweep_writer.hpp"
#include "sim/io/file_verification.hpp"
#include "sim/io/h5_file_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spipsim;
  const auto path = fuzz::write_input(data, size, "fuzzed.h5");
  const io::FileVerification verified = io::verify_file_in_this_process(path);
  if (!verified.ok() && verified.status != io::FileStatus::incomplete) return 0;
  try {
    const experiment::ShardFile shard = experiment::read_sweep_shard(io::H5FileReader::open(path));
    experiment::TaskResults results(shard.plan.task_count(), shard.plan.headlines.size());
    experiment::read_task_table(shard.tasks, shard.plan, results);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
