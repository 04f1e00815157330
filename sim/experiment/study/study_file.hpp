#pragma once
// The files of `spipsim calibrate` and `spipsim validate`: which scenario, which published
// targets, how many replicates under which seed, the reduced configuration used while
// fitting or checking, and (calibrate) the free parameters with bounds and priors or
// (validate) the policy variants whose effects are set against the literature.
//
//   description = """What this study is for."""
//   scenario = "../scenarios/calibration/baseline-structure.toml"  # relative to this file
//   targets = "../data/targets.toml"                               # format of data/targets.toml
//   output = "../scenarios/baseline-france.toml"                   # calibrate: the fitted scenario
//   output_description = """What the fitted scenario is for."""   # calibrate
//   replicates = 4
//   seed = 20250101
//   budget = 60                                                    # calibrate: evaluations
//   [reduced]                                                      # overrides for every run
//   world.population_scale = 0.15
//   [[parameter]]                                                  # calibrate: a free parameter
//   name = "recidivism.baseline_scale"
//   lower = 0.3
//   upper = 3.0
//   prior_mean = 1.0        # normal prior on the parameter's own scale
//   start = 1.3             # optional: where the search starts (default: prior_mean)
//   prior_sd = 0.3
//   prior_source = "..."
//   [[target]]
//   metric = "release_reconviction_12m"   # see target_metrics.hpp
//   tolerance = 0.03                      # required when the targets file gives none
//   weight = 1.0
//   known_conflict = "..."                # validate: outside, explained; does not fail
//   effect_replicates = 10                                         # validate
//   [effect_reduced]                                               # validate: for effect runs
//   world.sites = "21"
//   [[effect]]                                                     # validate
//   name = "officer_rnr_training"
//   literature = "2-year recidivism 43.0% vs 61.4% ..."
//   base = { "training.rnr_share" = 0.0 }
//   variant = { "training.rnr_share" = 1.0 }
//   checks = [{ metric = "supervised_reconviction_2y", low = -0.30, high = 0.0 }]
//
// Every problem is reported at once as params::Diagnostic (file:line:col, key, rule, hint)
// in a params::ScenarioError, as for scenarios.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/experiment/study/target_evaluation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::experiment {

// A parameter value written in a study file, kept as text so that the parameter table
// checks it exactly like a scenario value.
struct ScenarioOverride {
  std::string name, value_text;
  params::Diagnostic where;  // file, line, column and key of the value
};

struct FreeParameter {
  std::string name;
  params::ParamId id{};
  double lower = 0, upper = 1;
  double prior_mean = 0.5, prior_sd = 1;  // normal prior
  double start = 0.5;                     // where the search starts (default: the prior mean)
  std::string prior_source;
};

// What an effect check compares, per replicate, between base and variant (paired).
struct EffectCheck {
  std::string metric;        // see effect_metrics() in validation.hpp
  double low = 0, high = 0;  // literature range of the relative change (variant/base - 1)
};

struct EffectSpec {
  std::string name, literature;
  std::vector<ScenarioOverride> base, variant;
  std::vector<EffectCheck> checks;
};

enum class StudyKind { Calibration, Validation };

struct StudyFile {
  std::filesystem::path path;  // absolute
  std::string description;
  std::filesystem::path scenario_path, targets_path, output_path;  // absolute
  std::string output_description;  // calibrate: the fitted scenario's description
  std::string targets_text;        // the targets file as read (its hash goes in the manifest)
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;
  int budget = 0;
  std::vector<ScenarioOverride> reduced;
  // validate: the effect runs use their own replicates and reduced configuration
  // ([effect_reduced], applied to the scenario instead of [reduced]).
  std::uint32_t effect_replicates = 1;
  std::vector<ScenarioOverride> effect_reduced;
  params::Scenario effect_scenario;  // the scenario with [effect_reduced] applied
  std::vector<Target> targets;
  std::vector<FreeParameter> parameters;
  std::vector<EffectSpec> effects;
  params::Scenario scenario;  // the scenario with the reduced configuration applied
};

// Throws params::ScenarioError with every problem of the file (and of its scenario).
StudyFile load_study(const std::filesystem::path& file, StudyKind kind);

// `scenario` with each override applied; throws params::ScenarioError whose diagnostics
// point at the overrides in the study file.
params::Scenario with_overrides(params::Scenario scenario,
                                const std::vector<ScenarioOverride>& overrides);

}  // namespace spipsim::experiment
