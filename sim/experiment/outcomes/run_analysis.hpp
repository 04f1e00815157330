#pragma once
// Everything a run reports, computed from its replicates once, then written (HDF5) and
// printed (console) without recomputation. A run streams its replicates into a
// RunAccumulator (run_accumulator.hpp) as they finish; `analyse` is the same over a vector.
#include <vector>

#include "sim/experiment/outcomes/breakdowns.hpp"
#include "sim/experiment/outcomes/monthly_series.hpp"
#include "sim/experiment/outcomes/reconviction_survival.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/experiment/outcomes/site_years.hpp"

namespace spipsim::experiment {

struct RunAnalysis {
  RunSummary summary;
  std::vector<Breakdown> breakdowns;
  ReconvictionSurvival survival;
  MonthlySeries national;
  MonthlySeries sites;
  io::Table site_years;  // per (year, site): caseload, workforce, waits, outcomes, costs
  std::vector<model::SiteInfo> site_info;  // of replicate 0 (every replicate has the same)
  // Every PersonRecord by replicate, for the /persons table; empty unless asked for
  // (RunAccumulator's keep_person_records).
  std::vector<std::vector<model::PersonRecord>> person_records;
};

// The analysis of whole outputs (outputs[r] is replicate r): a RunAccumulator fed in order.
RunAnalysis analyse(const std::vector<model::ReplicateOutput>& outputs,
                    double level = kConfidenceLevel, bool keep_person_records = false);

}  // namespace spipsim::experiment
