#pragma once
// `spipsim calibrate`: fits the free parameters of a study file (study_file.hpp) to its
// targets. Why this method (docs/calibration.md):
//
// - Common random numbers: every evaluation runs replicates 0..R-1 with the same seed, so
//   two parameter sets see the same people with the same recidivism thresholds. The
//   objective is then a fixed, deterministic function of the parameters: its noise is
//   frozen, and differences between nearby points are differences of the model, not of
//   the draws.
// - Nelder-Mead on that frozen objective: derivative-free (the objective is piecewise
//   smooth: a person crosses a threshold or not), needs a handful of parameters (we fit
//   few), and a few dozen evaluations; deterministic, so a journal can replay it.
// - A bounded, transformed space: each parameter θ in [lower, upper] is searched as
//   z = logit((θ - lower) / (upper - lower)), so no step ever leaves the bounds.
// - A prior penalty: objective = Σ weight ((sim - target) / tolerance)² +
//   Σ ((θ - prior_mean) / prior_sd)², i.e. minus twice a log posterior under normal
//   errors of one tolerance and normal priors. The search starts at the prior means.
//
// Resumable: each evaluation is appended to a journal (one line, written with one write()
// and fsync'd). On restart the search is replayed from the start; an evaluation already in
// the journal is read instead of simulated, so the search resumes exactly where it stopped.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/experiment/study/study_file.hpp"

namespace spipsim::experiment {

struct CalibrationEvaluation {
  std::vector<double> theta;  // parameter values
  double objective = 0, distance = 0, penalty = 0;
  std::vector<TargetResult> results;  // mean, lo, hi of each target (per_replicate empty
                                      // when read back from the journal)
  bool from_journal = false;
};

struct CalibrationOptions {
  int threads = 1;
  std::filesystem::path journal;  // default: <output>.journal
  bool restart = false;           // ignore and replace an existing journal
  std::function<bool()> cancelled;
  std::function<void(int index, const CalibrationEvaluation&, double best)> progress;
};

struct CalibrationResult {
  CalibrationEvaluation best;
  int evaluations = 0;  // used, including those read from the journal
  int simulated = 0;    // run in this invocation
  bool converged = false;
};

// A journal that belongs to another calibration (other file, targets or scenario): bad
// input, reported with the journal's path and what to do.
class JournalMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

CalibrationResult calibrate(const StudyFile& study, const CalibrationOptions& options);

// The fitted scenario: a TOML file that `extends` the study's scenario, sets the fitted
// values, and records the calibration's manifest in comments. Written atomically.
void write_fitted_scenario(const StudyFile& study, const CalibrationResult& result,
                           const std::string& command_line);

// The targets table: metric, simulated mean [interval], target ± tolerance, inside or not.
std::string targets_table(const std::vector<TargetResult>& results);

// FNV-1a of a text, as 16 hex digits: identifies inputs in journals and manifests.
std::string text_hash(const std::string& text);

}  // namespace spipsim::experiment
