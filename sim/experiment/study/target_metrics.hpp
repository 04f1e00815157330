#pragma once
// The figures that `calibrate` and `validate` set against published targets
// (data/targets.toml), each computed the way the publication computes it: reconviction of a
// *release cohort* (people whose index event is a release from prison), the release profile
// of that cohort, and national stocks and flows brought back to France at scale 1.
//
// Each metric knows where its published value sits in a targets file (a TOML path such as
// "recidivism_2016_release_cohort.value[2]") and, when the file gives one, its tolerance.
// Rates are scale-free by construction; stocks and flows are divided by
// ReplicateOutput::coverage, so a run on a few sites or at world.population_scale 0.2
// estimates the national figure.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

struct TargetMetric {
  std::string_view name;            // "release_reconviction_12m"
  std::string_view label;           // for people
  std::string_view unit;            // "share", "people", "people/year", "cases/officer"
  std::string_view value_path;      // TOML path of the published value in the targets file
  std::string_view tolerance_path;  // TOML path of its tolerance; empty when the file has none
};

// Every metric, in report order.
std::span<const TargetMetric> target_metrics();
// nullptr when no metric has that name.
const TargetMetric* find_target_metric(std::string_view name);

// The value of every metric in one replicate, in the order of target_metrics(); NaN where
// undefined (nobody released, nobody followed that long).
std::vector<double> target_metric_values(const model::ReplicateOutput& out);

}  // namespace spipsim::experiment
