#pragma once
// The survival curve of time to first reconviction, from the index date (release or start
// of the measure), in two forms: one Kaplan-Meier curve on the persons of every replicate
// pooled (its band is Greenwood's, see breakdowns.hpp for what pooling means), and a
// monthly curve whose interval is over replicates, the headlines' notion of uncertainty.
#include <cstdint>
#include <span>
#include <vector>

#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "sim/model/replicate_output.hpp"
#include "sim/stats/kaplan_meier.hpp"

namespace spipsim::experiment {

inline constexpr double kSurvivalHorizonYears = 5.0;
inline constexpr int kSurvivalMonths = 60;

struct ReconvictionSurvival {
  stats::SurvivalTable pooled;  // event and censoring times up to the horizon only
  // Months 0..kSurvivalMonths: S at month * 365.25/12 days, mean and interval over the
  // replicates where it is defined (someone followed that long), and how many those are.
  std::vector<std::int64_t> month;
  std::vector<double> day, mean, lo, hi;
  std::vector<std::int64_t> replicates;
};

// One replicate's part of the monthly curve: S at each month 0..kSurvivalMonths, NaN where
// no one was followed that long (incidence_at).
std::vector<double> monthly_survival(const model::ReplicateOutput& out);

// From every replicate's monthly_survival and persons, in replicate order.
ReconvictionSurvival reconviction_survival(
    std::span<const std::vector<double>> monthly_by_replicate,
    std::span<const std::vector<PersonOutcome>> persons_by_replicate, double level);

// The same from whole outputs.
ReconvictionSurvival reconviction_survival(const std::vector<model::ReplicateOutput>& outputs,
                                           double level);

}  // namespace spipsim::experiment
