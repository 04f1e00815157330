#pragma once
// The tables of a sweep's results, computed from finished tasks (layout in
// docs/hdf5-schema.md, "Sweep files"):
// - tasks: one row per (point, replicate): every headline of that replicate;
// - points: one row per (point, headline): mean over replicates and its interval;
// - sobol: one row per (output of interest, parameter): first- and total-order indices of
//   the per-point means, with bootstrap intervals (Sobol designs only).
#include <cstdint>
#include <vector>

#include "sim/experiment/sweep/sweep_plan.hpp"
#include "sim/io/table.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::experiment {

// Rows for `tasks` (in the order given), all of which must be done.
io::Table task_table(const SweepPlan& plan, const TaskResults& results,
                     const std::vector<std::uint64_t>& tasks);

// Reads a task table back into `results` (merge). Throws std::runtime_error when its
// columns do not match the plan's headlines or a task number is out of range.
void read_task_table(const io::Table& table, const SweepPlan& plan, TaskResults& results);

// One headline at one point: its interval over the point's replicates (NaN left out).
stats::Interval point_interval(const SweepPlan& plan, const TaskResults& results,
                               std::uint64_t point, std::size_t headline, double level);

io::Table point_table(const SweepPlan& plan, const TaskResults& results, double level);

// Empty table (no columns) unless plan.method is "sobol".
io::Table sobol_table(const SweepPlan& plan, const TaskResults& results, double level);

}  // namespace spipsim::experiment
