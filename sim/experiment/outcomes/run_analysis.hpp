#pragma once
// Everything a run reports, computed from its replicates once, then written (HDF5) and
// printed (console) without recomputation.
#include <vector>

#include "sim/experiment/outcomes/breakdowns.hpp"
#include "sim/experiment/outcomes/monthly_series.hpp"
#include "sim/experiment/outcomes/reconviction_survival.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"

namespace spipsim::experiment {

struct RunAnalysis {
  RunSummary summary;
  std::vector<Breakdown> breakdowns;
  ReconvictionSurvival survival;
  MonthlySeries national;
  MonthlySeries sites;
};

RunAnalysis analyse(const std::vector<model::ReplicateOutput>& outputs,
                    double level = kConfidenceLevel);

}  // namespace spipsim::experiment
