#pragma once
// Two synthetic scenarios compared, for the tests of the comparison, its file and its
// console: the variant has one reconviction fewer per site-month and costs more,
// identically in every replicate but for a replicate-specific shift both share.
#include <vector>

#include "sim/experiment/outcomes/scenario_comparison.hpp"
#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment::testing {

inline std::vector<ScenarioResult> synthetic_pair() {
  std::vector<model::ReplicateOutput> base, variant;
  for (std::uint32_t r = 0; r < 3; ++r) {
    model::ReplicateOutput b = two_site_output(r, 24);
    for (auto& m : b.monthly) m.reconvictions = 5 + static_cast<int>(r);
    b.cost_prison_eur += 1000.0 * r;
    model::ReplicateOutput v = b;
    for (auto& m : v.monthly) m.reconvictions -= 1;
    v.cost_officers_eur += 24000.0 * (1 + 0.1 * r);  // 12,000 EUR/year more, and a bit
    base.push_back(std::move(b));
    variant.push_back(std::move(v));
  }
  RunInfo info;
  info.scenario = "base";
  info.replicates = 3;
  info.seed = 7;
  info.years = 2;
  info.command_line = "spipsim compare base.toml variant.toml";
  RunInfo variant_info = info;
  variant_info.scenario = "variant";
  return {scenario_result(info, base), scenario_result(variant_info, variant)};
}

}  // namespace spipsim::experiment::testing
