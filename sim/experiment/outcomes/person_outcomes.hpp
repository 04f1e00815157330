#pragma once
// Outcome estimates over a set of persons, shared by the headline summary, the subgroup
// breakdowns and the survival curves so that "reconviction at 2 years" means the same
// thing in each of them.
#include <cstdint>
#include <vector>

#include "sim/engine/sim_time.hpp"
#include "sim/model/replicate_output.hpp"
#include "sim/stats/kaplan_meier.hpp"

namespace spipsim::experiment {

enum class Outcome { Reconviction, Reimprisonment };

// Time-to-event samples (days from the index date) with their event flags, ready for
// Kaplan-Meier. Persons are appended one by one so that subgroups and pooled sets can be
// built without copying PersonRecords.
struct EventSample {
  std::vector<double> times;
  std::vector<std::uint8_t> events;  // 1: event at that time; 0: censored then

  void add(const model::PersonRecord& person, Outcome outcome);
  std::size_t size() const { return times.size(); }
};

// Kaplan-Meier on the sample; an empty table for an empty sample.
stats::SurvivalTable survival_of(const EventSample& sample);

// The probability that the event has happened by `t_days`, 1 - S(t), with the band of the
// survival table (so lo = 1 - S_hi). NaN when nobody was followed up to `t_days` and the
// curve has not reached zero: a Kaplan-Meier curve says nothing past its last observation,
// and a flat extrapolation would report a 1-year run's figure as its 5-year reconviction.
struct Incidence {
  double value, lo, hi;
};
Incidence incidence_at(const stats::SurvivalTable& table, const EventSample& sample, double t_days);

// Convenience: survival_of(sample), then incidence_at.
Incidence incidence_at(const EventSample& sample, double t_days);

// Share of known values (1) among known values (0 or 1) of a -1/0/1 outcome field.
struct ShareCount {
  std::int64_t yes = 0, known = 0;
  void add(std::int8_t value) {
    if (value < 0) return;
    ++known;
    if (value > 0) ++yes;
  }
  double share() const;  // NaN when nothing is known
};

inline constexpr double years_to_days(double years) {
  return years * engine::kDaysPerYear;
}

}  // namespace spipsim::experiment
