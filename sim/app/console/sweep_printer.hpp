#pragma once
// The console view of a sweep: per point, the swept values and the outputs of interest
// (mean over replicates and interval); for Sobol designs, the indices. `--json` gives the
// same figures for scripts.
#include <ostream>

#include "sim/experiment/sweep/sweep_plan.hpp"

namespace spipsim::experiment {

void print_sweep(std::ostream& out, const SweepPlan& plan, const TaskResults& results);
void print_sweep_json(std::ostream& out, const SweepPlan& plan, const TaskResults& results);

}  // namespace spipsim::experiment
