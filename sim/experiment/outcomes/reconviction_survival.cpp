#include "sim/experiment/outcomes/reconviction_survival.hpp"

#include <cmath>

#include "sim/engine/sim_time.hpp"
#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::experiment {
namespace {

stats::SurvivalTable up_to(const stats::SurvivalTable& table, double horizon_days) {
  stats::SurvivalTable cut;
  for (std::size_t i = 0; i < table.time.size() && table.time[i] <= horizon_days; ++i) {
    cut.time.push_back(table.time[i]);
    cut.survival.push_back(table.survival[i]);
    cut.lo.push_back(table.lo[i]);
    cut.hi.push_back(table.hi[i]);
    cut.at_risk.push_back(table.at_risk[i]);
    cut.events.push_back(table.events[i]);
    cut.censored.push_back(table.censored[i]);
  }
  return cut;
}

}  // namespace

ReconvictionSurvival reconviction_survival(const std::vector<model::ReplicateOutput>& outputs,
                                           double level) {
  ReconvictionSurvival result;
  EventSample pooled;
  std::vector<std::vector<double>> by_month(kSurvivalMonths + 1);
  for (const model::ReplicateOutput& out : outputs) {
    EventSample sample;
    for (const model::PersonRecord& p : out.persons) {
      sample.add(p, Outcome::Reconviction);
      pooled.add(p, Outcome::Reconviction);
    }
    stats::SurvivalTable curve = survival_of(sample);
    for (int m = 0; m <= kSurvivalMonths; ++m) {
      Incidence i = incidence_at(curve, sample, m * engine::kDaysPerMonth);
      if (!std::isnan(i.value)) by_month[static_cast<std::size_t>(m)].push_back(1.0 - i.value);
    }
  }
  result.pooled = up_to(survival_of(pooled), years_to_days(kSurvivalHorizonYears));
  for (int m = 0; m <= kSurvivalMonths; ++m) {
    const std::vector<double>& values = by_month[static_cast<std::size_t>(m)];
    stats::Interval interval = interval_over_replicates(values, level);
    result.month.push_back(m);
    result.day.push_back(m * engine::kDaysPerMonth);
    result.mean.push_back(interval.mean);
    result.lo.push_back(interval.lo);
    result.hi.push_back(interval.hi);
    result.replicates.push_back(static_cast<std::int64_t>(values.size()));
  }
  return result;
}

}  // namespace spipsim::experiment
