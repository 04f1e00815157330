#pragma once
// The console forms of a comparison: one aligned table per variant for people, JSON for
// scripts. Both carry the same content.
#include <ostream>
#include <vector>

#include "sim/experiment/outcomes/scenario_comparison.hpp"

namespace spipsim::experiment {

// A header (base, seed, replicates, years), then for each variant a table under the run
// summary's groups: "label  base  variant  difference [lo, hi]  relative  unit". Shares
// appear as percentages and their differences in percentage points ("pp"); differences are
// signed; an undefined figure is "n/a" and an undefined interval "[-, -]". Each table ends
// with the total cost difference, the reconvictions avoided and the cost per reconviction
// avoided, with how that ratio was estimated. `scenarios` is base first, then the variants
// in the order of `comparisons`.
void print_comparison(std::ostream& out, const std::vector<ScenarioResult>& scenarios,
                      const std::vector<Comparison>& comparisons);

// {"kind": "compare", "base": name, "seed", "replicates", "years", "confidence_level",
//  "scenarios": [{"name", "description", "role"}],
//  "comparisons": {variant: {"figures": {name: {"label", "unit", "group", "base_mean",
//    "base_lo", "base_hi", "variant_mean", "variant_lo", "variant_hi", "diff_mean",
//    "diff_lo", "diff_hi", "relative_change", "n"}},
//    "cost_per_reconviction_avoided": {"value", "lo", "hi", "n", "method" (ratio_method_key),
//    "cost_difference_per_year": {"mean", "lo", "hi"},
//    "reconvictions_avoided_per_year": {"mean", "lo", "hi"}}}}}
// Shares and their differences stay fractions; NaN and infinities become null.
void print_comparison_json(std::ostream& out, const std::vector<ScenarioResult>& scenarios,
                           const std::vector<Comparison>& comparisons);

}  // namespace spipsim::experiment
