#include "sim/experiment/outcomes/person_outcomes.hpp"

#include <algorithm>
#include <limits>

namespace spipsim::experiment {

void EventSample::add(const model::PersonRecord& person, Outcome outcome) {
  add(person_outcome(person), outcome);
}

void EventSample::add(const PersonOutcome& person, Outcome outcome) {
  if (outcome == Outcome::Reconviction) {
    times.push_back(person.days_to_reconviction);
    events.push_back(person.reconvicted ? 1 : 0);
  } else {
    times.push_back(person.days_to_reimprisonment);
    events.push_back(person.reimprisoned ? 1 : 0);
  }
}

std::size_t age_group_index(double age) {
  if (!(age >= 21)) return 0;  // NaN too: a data error should not be undefined behaviour
  if (age >= 60) return 5;
  return static_cast<std::size_t>(age / 10.0) - 1;  // 21-29 -> 1, ..., 50-59 -> 4
}

PersonOutcome person_outcome(const model::PersonRecord& p) {
  PersonOutcome o;
  o.days_to_reconviction = p.days_to_reconviction;
  o.days_to_reimprisonment = p.days_to_reimprisonment;
  o.site = p.site;
  o.age_group = static_cast<std::uint8_t>(age_group_index(p.age_at_index));
  o.sex = p.sex;
  o.risk_tier = p.risk_tier;
  o.origin = p.origin;
  o.release_type = p.release_type;
  o.reintegrated_12m = p.reintegrated_12m;
  o.reconvicted = p.reconvicted;
  o.reimprisoned = p.reimprisoned;
  return o;
}

std::vector<PersonOutcome> person_outcomes(const std::vector<model::PersonRecord>& persons) {
  std::vector<PersonOutcome> outcomes;
  outcomes.reserve(persons.size());
  for (const model::PersonRecord& p : persons) outcomes.push_back(person_outcome(p));
  return outcomes;
}

stats::SurvivalTable survival_of(const EventSample& sample) {
  if (sample.size() == 0) return {};
  return stats::kaplan_meier(sample.times, sample.events);
}

Incidence incidence_at(const stats::SurvivalTable& table, const EventSample& sample,
                       double t_days) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (sample.size() == 0) return {nan, nan, nan};
  bool followed = false;
  for (double t : sample.times) followed = followed || t >= t_days;
  // The row in force at t_days of the right-continuous step function; none before the first
  // event, where S = 1 and the band is [1, 1].
  auto after = std::upper_bound(table.time.begin(), table.time.end(), t_days);
  if (after == table.time.begin())
    return followed ? Incidence{0.0, 0.0, 0.0} : Incidence{nan, nan, nan};
  std::size_t row = static_cast<std::size_t>(after - table.time.begin()) - 1;
  // Past the last observation the curve is known only if it already reached zero.
  if (!followed && table.survival[row] != 0.0) return {nan, nan, nan};
  return {1.0 - table.survival[row], 1.0 - table.hi[row], 1.0 - table.lo[row]};
}

Incidence incidence_at(const EventSample& sample, double t_days) {
  return incidence_at(survival_of(sample), sample, t_days);
}

double ShareCount::share() const {
  if (known == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(yes) / static_cast<double>(known);
}

}  // namespace spipsim::experiment
