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

// What the estimates pooled over replicates (the breakdowns, the pooled survival curve) need
// of one person: a fifth of a PersonRecord. A run keeps one per person of every replicate
// until its end, instead of the replicates' whole outputs (run_analysis.hpp).
struct PersonOutcome {
  double days_to_reconviction = 0, days_to_reimprisonment = 0;
  std::uint16_t site = 0;
  std::uint8_t age_group = 0;  // age_group_index of the age at the index date
  model::RiskTier risk_tier = model::RiskTier::Low;
  model::ReleaseType release_type = model::ReleaseType::None;
  std::int8_t reintegrated_12m = -1;
  model::Sex sex : 1 = model::Sex::Man;
  model::Origin origin : 1 = model::Origin::Community;
  bool reconvicted : 1 = false;
  bool reimprisoned : 1 = false;
};
static_assert(sizeof(PersonOutcome) == 24, "one PersonOutcome per person of every replicate");

PersonOutcome person_outcome(const model::PersonRecord& person);
std::vector<PersonOutcome> person_outcomes(const std::vector<model::PersonRecord>& persons);

// "18-20" is 0, then "21-29", "30-39", "40-49", "50-59", "60+". Ages under 18 (minors are
// not followed by the SPIP but a data error should not drop a person) and NaN give 0.
std::size_t age_group_index(double age_years);

// Time-to-event samples (days from the index date) with their event flags, ready for
// Kaplan-Meier. Persons are appended one by one so that subgroups and pooled sets can be
// built without copying PersonRecords.
struct EventSample {
  std::vector<double> times;
  std::vector<std::uint8_t> events;  // 1: event at that time; 0: censored then

  void add(const model::PersonRecord& person, Outcome outcome);
  void add(const PersonOutcome& person, Outcome outcome);
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
