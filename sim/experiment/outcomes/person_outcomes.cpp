#include "sim/experiment/outcomes/person_outcomes.hpp"

#include <algorithm>
#include <limits>

namespace spipsim::experiment {

void EventSample::add(const model::PersonRecord& person, Outcome outcome) {
  if (outcome == Outcome::Reconviction) {
    times.push_back(person.days_to_reconviction);
    events.push_back(person.reconvicted ? 1 : 0);
  } else {
    times.push_back(person.days_to_reimprisonment);
    events.push_back(person.reimprisoned ? 1 : 0);
  }
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
