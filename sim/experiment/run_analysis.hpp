#pragma once
// Everything a run reports, computed from its replicates once, then written (HDF5) and
// printed (console) without recomputation.
#include <vector>

#include "sim/experiment/breakdowns.hpp"
#include "sim/experiment/monthly_series.hpp"
#include "sim/experiment/reconviction_survival.hpp"
#include "sim/experiment/run_summary.hpp"
#include "sim/experiment/site_years.hpp"

namespace spipsim::experiment {

struct RunAnalysis {
  RunSummary summary;
  std::vector<Breakdown> breakdowns;
  ReconvictionSurvival survival;
  MonthlySeries national;
  MonthlySeries sites;
  io::Table site_years;  // per (year, site): caseload, workforce, waits, outcomes, costs
};

RunAnalysis analyse(const std::vector<model::ReplicateOutput>& outputs,
                    double level = kConfidenceLevel);

}  // namespace spipsim::experiment
