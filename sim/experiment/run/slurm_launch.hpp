#pragma once
// spipsim started by `srun` as several tasks of one step but without an MPI world: a bare
// srun where the site's MpiDefault is `none`, or a PMI this OpenMPI cannot use. Each task
// would then be a single-process spipsim running the whole job into the same output and
// journal at once. main() refuses that before any file is touched (docs/cluster.md).
#include <functional>
#include <optional>
#include <string>

namespace spipsim::experiment {

// Looks up an environment variable: std::getenv, or a test's table. Null when unset.
using EnvironmentLookup = std::function<const char*(const char*)>;

struct LaunchRefusal {
  std::string message;  // one line, no newline
  bool print = false;   // only Slurm task 0 prints it, so that it appears once
};

// A refusal when this process is one of SLURM_STEP_NUM_TASKS > 1 tasks (set by srun for
// each task, not in the batch script itself) while the MPI world has one rank and mpirun
// (OMPI_COMM_WORLD_SIZE) did not start it; nothing otherwise.
std::optional<LaunchRefusal> check_slurm_launch(int world_size, const EnvironmentLookup& env);

}  // namespace spipsim::experiment
