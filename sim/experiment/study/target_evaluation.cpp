#include "sim/experiment/study/target_evaluation.hpp"

#include <cmath>

#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/experiment/run/replicate_runner.hpp"

namespace spipsim::experiment {

bool TargetResult::inside() const {
  return std::abs(simulated.mean - target.value) <= target.tolerance;
}

double TargetResult::z() const {
  return (simulated.mean - target.value) / target.tolerance;
}

std::vector<TargetResult> score_targets(const std::vector<Target>& targets,
                                        const std::vector<model::ReplicateOutput>& outputs) {
  std::vector<std::vector<double>> values;
  for (const model::ReplicateOutput& out : outputs) values.push_back(target_metric_values(out));
  auto metrics = target_metrics();
  std::vector<TargetResult> results;
  for (const Target& t : targets) {
    auto k = std::size_t(t.metric - metrics.data());
    TargetResult r{t, {}, {}};
    for (const auto& v : values) r.per_replicate.push_back(v[k]);
    r.simulated = interval_over_replicates(r.per_replicate);
    results.push_back(std::move(r));
  }
  return results;
}

std::vector<TargetResult> evaluate_targets(const params::Scenario& scenario,
                                           const std::vector<Target>& targets,
                                           const EvaluationOptions& options) {
  RunnerOptions runner;
  runner.replicates = options.replicates;
  runner.seed = options.seed;
  runner.threads = options.threads;
  runner.cancelled = options.cancelled;
  return score_targets(targets, run_replicates(scenario, runner));
}

double target_distance(const std::vector<TargetResult>& results) {
  double total = 0;
  for (const TargetResult& r : results) {
    double z = r.z();
    // An undefined figure (nobody followed that long) is as bad as a far miss.
    total += r.target.weight * (std::isnan(z) ? 100.0 : z * z);
  }
  return total;
}

}  // namespace spipsim::experiment
