#pragma once
// One headline figure of a run: a value per replicate and its interval over replicates.
// The machine name is part of the results schema (HDF5 /summary, --json), so it never
// changes once published; the label is for people and may.
#include <string>
#include <string_view>
#include <vector>

#include "sim/stats/summary.hpp"

namespace spipsim::experiment {

// How the console groups headlines; the order of the enumerators is the printed order.
enum class HeadlineGroup { Recidivism, Reintegration, Workload, Costs };

std::string_view group_name(HeadlineGroup group);

struct Headline {
  std::string name;   // snake_case, e.g. "reconviction_1y"
  std::string label;  // e.g. "Reconviction within 1 year"
  std::string unit;   // "share", "days", "EUR/year", "people", "cases/officer", ...
  HeadlineGroup group = HeadlineGroup::Recidivism;
  std::vector<double> per_replicate;  // indexed by replicate; NaN where undefined
  stats::Interval interval;           // over the replicates whose value is defined
};

// A share is stored in [0, 1] and shown as a percentage.
inline bool is_share(const Headline& h) {
  return h.unit == "share";
}

}  // namespace spipsim::experiment
