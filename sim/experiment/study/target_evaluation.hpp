#pragma once
// Runs a scenario and sets its target metrics against published values: what `calibrate`
// minimises and what `validate` reports. A target is a metric of target_metrics.hpp with
// the published value (read from a targets file such as data/targets.toml), a tolerance
// (the file's, or the study file's when the file gives none) and a weight.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/experiment/study/target_metrics.hpp"
#include "sim/model/replicate_output.hpp"
#include "sim/params/scenario.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::experiment {

struct Target {
  const TargetMetric* metric = nullptr;
  double value = 0;      // published
  double tolerance = 0;  // absolute, in the metric's unit
  double weight = 1;     // in the calibration objective
  std::string source;    // "data/targets.toml: recidivism_2016_release_cohort.value[2]"
  // validate: a conflict the calibration could not resolve, stated with its numbers. The
  // target is still reported outside; it does not fail `validate` (every other target does).
  std::string known_conflict;
};

struct TargetResult {
  Target target;
  stats::Interval simulated;  // mean and 95% interval over replicates
  std::vector<double> per_replicate;
  bool inside() const;  // |mean - value| <= tolerance
  // (mean - value) / tolerance: inside when its absolute value is at most 1.
  double z() const;
};

// The metric values of every target, per replicate: result[t].per_replicate[r].
std::vector<TargetResult> score_targets(const std::vector<Target>& targets,
                                        const std::vector<model::ReplicateOutput>& outputs);

struct EvaluationOptions {
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;
  int threads = 1;
  std::function<bool()> cancelled;  // polled between replicates (Interrupted)
};

// Runs the scenario's replicates 0..R-1 with the seed (common random numbers: every
// evaluation sees the same people) and scores the targets; outputs are dropped.
std::vector<TargetResult> evaluate_targets(const params::Scenario& scenario,
                                           const std::vector<Target>& targets,
                                           const EvaluationOptions& options);

// Sum over targets of weight * z^2: the distance to the targets in tolerance units.
double target_distance(const std::vector<TargetResult>& results);

}  // namespace spipsim::experiment
