#pragma once
// Paired comparison of scenarios run with common random numbers: the same seed and the same
// replicate indices, so replicate r of every scenario sees the same people with the same
// profiles and recidivism thresholds. Replicate r of a variant is therefore compared with
// replicate r of the base (variant - base per replicate, then a Student t interval over the
// differences), which removes the noise the two runs share. Replicates stay the unit of
// uncertainty, as in a run summary.
#include <string>
#include <string_view>
#include <vector>

#include "sim/experiment/outcomes/headline.hpp"
#include "sim/experiment/outcomes/run_analysis.hpp"
#include "sim/experiment/run/run_info.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

class RunAccumulator;

// One scenario of a comparison once its replicates have run, with what the comparison needs
// from the raw outputs, so that those (large: every person) can be freed before the next
// scenario runs.
struct ScenarioResult {
  RunInfo info;
  RunAnalysis analysis;
  std::vector<model::SiteInfo> sites;
  // Per replicate: the sum of MonthlySiteRecord::reconvictions over sites and months,
  // divided by the window in years. Every person at risk counts, not only those with an
  // index date, so this is the flow a budget pays for.
  std::vector<double> reconvictions_per_year;
};

ScenarioResult scenario_result(RunInfo info, const std::vector<model::ReplicateOutput>& outputs,
                               double level = kConfidenceLevel);

// The same from a scenario's replicates streamed into `accumulator` (all of them in; it is
// left empty).
ScenarioResult scenario_result(RunInfo info, RunAccumulator& accumulator,
                               double level = kConfidenceLevel);

// One figure in the base and in a variant.
struct FigureComparison {
  std::string name, label, unit;
  HeadlineGroup group = HeadlineGroup::Recidivism;
  stats::Interval base;        // over the base's defined replicates (as in its run summary)
  stats::Interval variant;     // over the variant's defined replicates
  stats::Interval difference;  // variant - base, paired over replicates where both are defined
  // difference.mean / the base mean over those same replicates; NaN when that mean is 0 or
  // undefined.
  double relative_change = 0;
};

// Compares per-replicate values: pairs with a NaN on either side are left out and
// difference.n counts the rest (NaN fields when none is left). Throws
// std::invalid_argument when the two have different numbers of replicates.
FigureComparison compare_figure(const Headline& base, const Headline& variant,
                                double level = kConfidenceLevel);

// How the cost per reconviction avoided was estimated.
enum class RatioMethod {
  PerReplicate,  // the ratio in every replicate, then its t interval: every denominator > 0
  RatioOfMeans,  // some replicate avoided none: mean cost difference / mean avoided, no CI
  NoneAvoided,   // no reconvictions avoided on average: undefined (NaN)
};
// For people ("per replicate", ...) and for files and scripts ("per_replicate",
// "ratio_of_means", "no_reconvictions_avoided").
std::string_view ratio_method_text(RatioMethod method);
std::string_view ratio_method_key(RatioMethod method);

struct CostPerReconvictionAvoided {
  stats::Interval cost_difference;  // EUR/year, variant - base, paired
  stats::Interval avoided;          // reconvictions/year, base - variant, paired
  stats::Interval ratio;            // EUR per reconviction avoided; lo, hi NaN unless PerReplicate
  RatioMethod method = RatioMethod::NoneAvoided;
};

// (cost_variant - cost_base) / (reconvictions_base - reconvictions_variant), per year, each
// vector indexed by replicate. A ratio per replicate is only meaningful when every replicate
// avoided some reconvictions (a denominator near or below 0 sends it to infinity or flips
// its sign); otherwise the ratio of the mean differences is reported, without interval, and
// nothing when the mean avoided is not positive. Replicates with a NaN are left out. Throws
// std::invalid_argument when the sizes differ.
CostPerReconvictionAvoided cost_per_reconviction_avoided(const std::vector<double>& cost_base,
                                                         const std::vector<double>& cost_variant,
                                                         const std::vector<double>& reconv_base,
                                                         const std::vector<double>& reconv_variant,
                                                         double level = kConfidenceLevel);

struct Comparison {
  std::string base, variant;  // scenario names
  // Every headline in run-summary order, then the derived "reconvictions_per_year".
  std::vector<FigureComparison> figures;
  CostPerReconvictionAvoided cost_per_reconviction;

  const FigureComparison* find(std::string_view name) const;
};

// Throws std::invalid_argument when the two were not run with the same seed, replicates and
// headlines.
Comparison compare(const ScenarioResult& base, const ScenarioResult& variant,
                   double level = kConfidenceLevel);

// Scenario names made unique for use as keys (HDF5 groups, JSON): a repeated name gets
// "-2", "-3", ... in order, so comparing a file with a copy of itself still works.
std::vector<std::string> distinct_names(const std::vector<std::string>& names);

}  // namespace spipsim::experiment
