#include "sim/experiment/outcomes/run_analysis.hpp"

namespace spipsim::experiment {

RunAnalysis analyse(const std::vector<model::ReplicateOutput>& outputs, double level) {
  RunAnalysis analysis;
  analysis.summary = summarise(outputs, level);
  analysis.breakdowns = compute_breakdowns(outputs);
  analysis.survival = reconviction_survival(outputs, level);
  analysis.national = national_series(outputs);
  analysis.sites = site_series(outputs);
  return analysis;
}

}  // namespace spipsim::experiment
