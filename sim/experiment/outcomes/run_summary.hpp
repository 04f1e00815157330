#pragma once
// The headline figures of a run (MODEL.md section 5), each computed once per replicate and
// then summarised over replicates with a confidence interval. Replicates are the unit of
// uncertainty: persons of one replicate share officers, partners and markets, so they are
// not independent draws, but whole replicates are.
//
// Definitions (per replicate):
// - reconviction_Ny / reimprisonment_Ny: Kaplan-Meier 1 - S(365.25 N days) over the
//   replicate's persons, from their index date; NaN if nobody was followed that long.
// - employed/housed/reintegrated_12m: share among persons whose 12-month status is known.
// - supervised_release_share: among persons released from prison (origin Prison and a
//   release type), the share released under a sentence adjustment.
// - caseload_*: for each month, the mean / median / 90th percentile / maximum of all
//   community officers' caseloads; then the mean over the months of the window.
// - contacts_*_per_year, releases_per_year, cost_*_per_year: totals over the observation
//   window divided by its length in years (months / 12); the model's cost fields are
//   totals over the window.
// - contacts_delivered_ratio: delivered / due over the window.
// - *_wait_days: total waiting days / number of waits over the window.
// - detained, supervised: national stock, mean over months.
#include <span>
#include <string_view>
#include <vector>

#include "sim/experiment/outcomes/headline.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

inline constexpr double kConfidenceLevel = 0.95;

struct RunSummary {
  std::vector<Headline> headlines;  // in print order, grouped by HeadlineGroup

  const Headline* find(std::string_view name) const;
};

// One Headline per figure above, with per_replicate[r] from outputs[r]. An empty `outputs`
// gives headlines with empty per_replicate and NaN intervals.
RunSummary summarise(const std::vector<model::ReplicateOutput>& outputs,
                     double level = kConfidenceLevel);

// One replicate's value of every headline, in the catalogue's order (headlines.def).
std::vector<double> headline_values(const model::ReplicateOutput& out);

// The same summary from every replicate's headline_values, in replicate order.
RunSummary summary_of(std::span<const std::vector<double>> values_by_replicate,
                      double level = kConfidenceLevel);

// stats::mean_interval over the values that are not NaN (a figure undefined in one
// replicate, say no releases, is left out rather than poisoning the rest); n counts them.
// No defined value gives NaN mean, lo, hi and sd with n = 0.
stats::Interval interval_over_replicates(const std::vector<double>& values,
                                         double level = kConfidenceLevel);

// Machine names of the partner types as they appear in headline and column names; kept
// here rather than taken from the model's display names so the schema cannot drift.
std::string_view partner_key(model::PartnerType type);

}  // namespace spipsim::experiment
