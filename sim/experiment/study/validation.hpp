#pragma once
// `spipsim validate`: the baseline against every published target, and the emergent effect
// of each policy lever against the range the literature reports (data/targets.toml
// [effects]). An effect is the paired relative change of a metric between a base and a
// variant run under common random numbers (replicate r of both sees the same people), as in
// `spipsim compare`. Effects outside their range are reported as such, never tuned away:
// the model's structure decides them (MODEL.md section 6).
#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/experiment/study/study_file.hpp"

namespace spipsim::experiment {

struct EffectMetric {
  std::string_view name, description;
};
// Metrics an effect check may use, computed per replicate (effect_metric_values).
std::span<const EffectMetric> effect_metrics();
std::vector<double> effect_metric_values(const model::ReplicateOutput& out);

struct EffectCheckResult {
  EffectCheck check;
  stats::Interval base, variant;  // the metric over replicates
  stats::Interval relative;       // paired (variant - base) / mean base, with its interval
  bool inside() const { return relative.mean >= check.low && relative.mean <= check.high; }
};

struct EffectResult {
  EffectSpec spec;
  std::vector<EffectCheckResult> checks;
};

struct ValidationReport {
  std::vector<TargetResult> targets;
  std::vector<EffectResult> effects;
  std::uint32_t target_replicates = 0, effect_replicates = 0;
  int targets_inside() const;
  // Outside their tolerance and not declared a known conflict: what makes `validate` fail.
  int unexpected_failures() const;
};

struct ValidationOptions {
  int threads = 1;
  bool effects = true;
  std::function<bool()> cancelled;
  std::function<void(const std::string&)> progress;  // one line per run started
};

ValidationReport validate(const StudyFile& study, const ValidationOptions& options);

// The report as Markdown (docs/validation.md): how it was made (command, commit, date,
// configurations), the targets table and the effects table.
void write_validation_markdown(std::ostream& out, const StudyFile& study,
                               const ValidationReport& report, const std::string& command_line);

}  // namespace spipsim::experiment
