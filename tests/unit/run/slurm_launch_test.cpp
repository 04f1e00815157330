// The refusal of several Slurm tasks without MPI, against a table standing for the
// environment. The same refusal through the real binary: tests/cli/app/bad_input_test.cpp;
// under a real srun --mpi=none: make test-cluster.
#include "sim/experiment/run/slurm_launch.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace spipsim::experiment {
namespace {

EnvironmentLookup table(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    const auto found = values.find(name);
    return found == values.end() ? nullptr : found->second.c_str();
  };
}

TEST(SlurmLaunch, SeveralTasksOfOneStepWithoutMpiAreRefusedAndTaskZeroSaysSo) {
  const auto refusal = check_slurm_launch(
      1, table({{"SLURM_STEP_NUM_TASKS", "4"}, {"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "4"}}));
  ASSERT_TRUE(refusal.has_value());
  EXPECT_TRUE(refusal->print);
  EXPECT_NE(refusal->message.find("started as 4 Slurm tasks without MPI"), std::string::npos);
  EXPECT_NE(refusal->message.find("srun --mpi=pmix"), std::string::npos);
  EXPECT_EQ(refusal->message.find('\n'), std::string::npos) << "one line";

  const auto other =
      check_slurm_launch(1, table({{"SLURM_STEP_NUM_TASKS", "4"}, {"SLURM_PROCID", "3"}}));
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->print) << "only task 0 prints, so the hint appears once";
}

TEST(SlurmLaunch, ARealMpiWorldOneTaskOrTheBatchScriptItselfIsAccepted) {
  // srun --mpi=pmix: the tasks share one MPI world.
  EXPECT_FALSE(check_slurm_launch(2, table({{"SLURM_STEP_NUM_TASKS", "2"}})));
  // srun with one task, and plain commands outside Slurm.
  EXPECT_FALSE(check_slurm_launch(1, table({{"SLURM_STEP_NUM_TASKS", "1"}})));
  EXPECT_FALSE(check_slurm_launch(1, table({})));
  // The batch script of a 32-task job runs `spipsim merge` once: SLURM_NTASKS is set there,
  // SLURM_STEP_NUM_TASKS is not.
  EXPECT_FALSE(check_slurm_launch(1, table({{"SLURM_NTASKS", "32"}})));
  // mpirun -np 1 from inside a several-task step (its daemons are srun tasks).
  EXPECT_FALSE(
      check_slurm_launch(1, table({{"SLURM_STEP_NUM_TASKS", "2"}, {"OMPI_COMM_WORLD_SIZE", "1"}})));
  // Not a number: not something srun wrote.
  EXPECT_FALSE(check_slurm_launch(1, table({{"SLURM_STEP_NUM_TASKS", "two"}})));
}

}  // namespace
}  // namespace spipsim::experiment
