#pragma once
// Kaplan-Meier estimate of a survival function from right-censored durations, e.g. the time
// from release to reoffending, censored at the end of follow-up.
#include <cstdint>
#include <span>
#include <vector>

namespace spipsim::stats {

// One row per distinct event time, ascending. Row i describes time[i]:
//   at_risk[i]  observations with duration >= time[i] (censored at time[i] count as at risk:
//               by convention censoring happens just after the events of the same instant);
//   events[i]   events at exactly time[i];
//   censored[i] censored observations with duration in [time[i], time[i + 1]) (the last row:
//               [time[i], +inf)), so at_risk[i + 1] == at_risk[i] - events[i] - censored[i].
//               Observations censored before the first event time appear in no row: there
//               are n - at_risk[0] of them;
//   survival[i] the estimate S(time[i]) = prod over rows j <= i of (1 - events[j] / at_risk[j]);
//   lo[i], hi[i] the pointwise confidence band on the log(-log S) scale with Greenwood's
//               variance: S^exp(+-z se), se = sqrt(sum d / (r (r - d))) / |log S|. It stays
//               inside [0, 1]. Where S == 0 (everyone left had the event), lo == hi == 0.
struct SurvivalTable {
  std::vector<double> time;
  std::vector<double> survival;
  std::vector<double> lo;
  std::vector<double> hi;
  std::vector<std::int64_t> at_risk;
  std::vector<std::int64_t> events;
  std::vector<std::int64_t> censored;
};

// Estimates S from durations (days) and event flags (1 = event observed, 0 = censored), in
// O(n log n) time and O(n) extra memory (two million observations take about half a second).
// `level` is the confidence level of the band (0.95 unless told). Throws
// std::invalid_argument when the sizes differ, a duration is not finite, a flag is neither 0
// nor 1, or level is not in (0, 1). No observation, or no event, gives an empty table.
SurvivalTable kaplan_meier(std::span<const double> times, std::span<const std::uint8_t> events,
                           double level = 0.95);

// S(t) from the table as a right-continuous step function: 1 before the first event time,
// survival[i] on [time[i], time[i + 1]). NaN for NaN t.
double survival_at(const SurvivalTable& table, double t);

}  // namespace spipsim::stats
