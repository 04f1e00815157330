#include "sim/experiment/run/slurm_launch.hpp"

#include <charconv>
#include <cstring>

namespace spipsim::experiment {
namespace {

// The variable as a whole number, or nothing when unset or not a number.
std::optional<long> number(const EnvironmentLookup& env, const char* name) {
  const char* text = env(name);
  if (!text) return std::nullopt;
  long value = 0;
  const char* end = text + std::strlen(text);
  auto [stop, error] = std::from_chars(text, end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<LaunchRefusal> check_slurm_launch(int world_size, const EnvironmentLookup& env) {
  const std::optional<long> tasks = number(env, "SLURM_STEP_NUM_TASKS");
  if (!tasks || *tasks <= 1 || world_size > 1 || env("OMPI_COMM_WORLD_SIZE")) return std::nullopt;
  LaunchRefusal refusal;
  refusal.message = "spipsim: error: started as " + std::to_string(*tasks) +
                    " Slurm tasks without MPI (each would run the whole job alone); launch "
                    "with `srun --mpi=pmix` or mpirun";
  refusal.print = number(env, "SLURM_PROCID").value_or(0) == 0;
  return refusal;
}

}  // namespace spipsim::experiment
