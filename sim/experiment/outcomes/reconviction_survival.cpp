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

std::vector<double> monthly_survival(const model::ReplicateOutput& out) {
  EventSample sample;
  for (const model::PersonRecord& p : out.persons) sample.add(p, Outcome::Reconviction);
  const stats::SurvivalTable curve = survival_of(sample);
  std::vector<double> values;
  for (int m = 0; m <= kSurvivalMonths; ++m) {
    Incidence i = incidence_at(curve, sample, m * engine::kDaysPerMonth);
    values.push_back(std::isnan(i.value) ? i.value : 1.0 - i.value);
  }
  return values;
}

ReconvictionSurvival reconviction_survival(
    std::span<const std::vector<double>> monthly_by_replicate,
    std::span<const std::vector<PersonOutcome>> persons_by_replicate, double level) {
  ReconvictionSurvival result;
  EventSample pooled;
  std::size_t persons = 0;
  for (const std::vector<PersonOutcome>& replicate : persons_by_replicate)
    persons += replicate.size();
  pooled.times.reserve(persons);
  pooled.events.reserve(persons);
  for (const std::vector<PersonOutcome>& replicate : persons_by_replicate)
    for (const PersonOutcome& p : replicate) pooled.add(p, Outcome::Reconviction);
  result.pooled = up_to(survival_of(pooled), years_to_days(kSurvivalHorizonYears));
  for (int m = 0; m <= kSurvivalMonths; ++m) {
    std::vector<double> values;
    for (const std::vector<double>& replicate : monthly_by_replicate)
      if (!std::isnan(replicate.at(static_cast<std::size_t>(m))))
        values.push_back(replicate[static_cast<std::size_t>(m)]);
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

ReconvictionSurvival reconviction_survival(const std::vector<model::ReplicateOutput>& outputs,
                                           double level) {
  std::vector<std::vector<double>> monthly;
  std::vector<std::vector<PersonOutcome>> persons;
  for (const model::ReplicateOutput& out : outputs) {
    monthly.push_back(monthly_survival(out));
    persons.push_back(person_outcomes(out.persons));
  }
  return reconviction_survival(monthly, persons, level);
}

}  // namespace spipsim::experiment
