#include "sim/stats/kaplan_meier.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/stats/special_functions.hpp"

namespace spipsim::stats {

SurvivalTable kaplan_meier(std::span<const double> times, std::span<const std::uint8_t> events,
                           double level) {
  if (times.size() != events.size())
    throw std::invalid_argument("kaplan_meier: times and events differ in size");
  if (!(level > 0.0 && level < 1.0))
    throw std::invalid_argument("kaplan_meier: level must be in (0, 1)");
  // Sorting two plain arrays of doubles is several times faster than sorting (time, flag)
  // pairs or an index, which matters at two million observations.
  std::vector<double> event_times, censor_times;
  event_times.reserve(times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!std::isfinite(times[i])) throw std::invalid_argument("kaplan_meier: non-finite time");
    if (events[i] > 1) throw std::invalid_argument("kaplan_meier: event flag not 0 or 1");
    (events[i] ? event_times : censor_times).push_back(times[i]);
  }
  std::sort(event_times.begin(), event_times.end());
  std::sort(censor_times.begin(), censor_times.end());

  SurvivalTable table;
  // One row per distinct event time: count them to reserve exactly, rather than regrow
  // seven vectors of up to n rows (or reserve n rows for data in whole days).
  std::size_t rows = event_times.empty() ? 0 : 1;
  for (std::size_t i = 1; i < event_times.size(); ++i) rows += event_times[i] != event_times[i - 1];
  for (auto* column : {&table.time, &table.survival, &table.lo, &table.hi}) column->reserve(rows);
  for (auto* column : {&table.at_risk, &table.events, &table.censored}) column->reserve(rows);
  const double z = normal_quantile(0.5 + 0.5 * level);
  const auto n = static_cast<std::int64_t>(times.size());
  std::int64_t removed = 0;  // observations with duration < the current time
  double survival = 1.0;
  double greenwood = 0.0;  // sum of d / (r (r - d))
  std::size_t e = 0, c = 0;
  while (e < event_times.size()) {
    const double t = event_times[e];
    // Censored strictly before t: they belong to the previous row, or to no row.
    std::int64_t censored_before = 0;
    while (c < censor_times.size() && censor_times[c] < t) {
      ++c;
      ++censored_before;
    }
    if (!table.censored.empty()) table.censored.back() += censored_before;
    removed += censored_before;
    std::int64_t deaths = 0;
    while (e < event_times.size() && event_times[e] == t) {
      ++e;
      ++deaths;
    }
    const std::int64_t at_risk = n - removed;
    const double r = double(at_risk), d = double(deaths);
    survival *= 1.0 - d / r;
    double lo = 0.0, hi = 0.0;
    if (deaths < at_risk) {
      greenwood += d / (r * (r - d));
      // log(-log S) scale: se = sqrt(greenwood) / |log S|, band S^exp(+-z se).
      const double log_s = std::log(survival);
      const double spread = std::exp(z * std::sqrt(greenwood) / std::fabs(log_s));
      lo = std::exp(log_s * spread);
      hi = std::exp(log_s / spread);
    }  // else S == 0 exactly (1 - r / r) and the band collapses to [0, 0]
    table.time.push_back(t);
    table.survival.push_back(survival);
    table.lo.push_back(lo);
    table.hi.push_back(hi);
    table.at_risk.push_back(at_risk);
    table.events.push_back(deaths);
    table.censored.push_back(0);
    removed += deaths;
  }
  // Censored at or after the last event time belong to the last row.
  if (!table.censored.empty())
    table.censored.back() += static_cast<std::int64_t>(censor_times.size() - c);
  return table;
}

double survival_at(const SurvivalTable& table, double t) {
  if (std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  const auto after = std::upper_bound(table.time.begin(), table.time.end(), t);
  if (after == table.time.begin()) return 1.0;
  return table.survival[static_cast<std::size_t>(after - table.time.begin()) - 1];
}

}  // namespace spipsim::stats
