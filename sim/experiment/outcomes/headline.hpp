#pragma once
// One headline figure of a run: a value per replicate and its interval over replicates.
// The machine name is part of the results schema (HDF5 /summary, --json), so it never
// changes once published; the label is for people and may.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/stats/summary.hpp"

namespace spipsim::experiment {

// How the console and the report group headlines; the order of the enumerators is the
// printed order. From the catalogue, headlines.def.
enum class HeadlineGroup {
#define SPIPSIM_HEADLINE_GROUP(group) group,
#define SPIPSIM_HEADLINE(name, label, unit, group)
#define SPIPSIM_COMPARISON_FIGURE(name, label, unit, group)
#include "sim/experiment/outcomes/headlines.def"
#undef SPIPSIM_HEADLINE_GROUP
#undef SPIPSIM_HEADLINE
#undef SPIPSIM_COMPARISON_FIGURE
};

std::string_view group_name(HeadlineGroup group);

// One row of the catalogue: what a figure is, not its values.
struct HeadlineEntry {
  std::string_view name, label, unit;
  HeadlineGroup group;
};

// Every headline of a run, in reporting order (SPIPSIM_HEADLINE rows of headlines.def).
std::span<const HeadlineEntry> headline_catalogue();

// A figure of `compare` that is not a headline of a run (SPIPSIM_COMPARISON_FIGURE rows);
// throws std::out_of_range for a name the catalogue lacks.
const HeadlineEntry& comparison_figure(std::string_view name);

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
