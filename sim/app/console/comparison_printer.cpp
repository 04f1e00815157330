#include "sim/app/console/comparison_printer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>

#include "sim/app/console/summary_printer.hpp"

namespace spipsim::experiment {
namespace {

// A difference with its sign, so that "+" and "-" read at a glance; a share's difference in
// percentage points, since a relative reading of "-0.8%" would be ambiguous.
std::string signed_value(double value, bool share, bool sign = true) {
  if (!std::isfinite(value)) return "n/a";
  std::string text = format_value(share ? value * 100.0 : value, false);
  return sign && value > 0.0 ? "+" + text : text;
}

// "mean [lo, hi]"; "[-, -]" for an interval that is not defined (one replicate, or the cost
// ratio estimated as a ratio of means).
std::string difference_text(const stats::Interval& d, bool share, bool sign = true) {
  std::string text = signed_value(d.mean, share, sign);
  if (share && std::isfinite(d.mean)) text += " pp";
  if (d.n < 2 || !std::isfinite(d.lo) || !std::isfinite(d.hi)) return text + " [-, -]";
  text += " [";
  text += signed_value(d.lo, share, sign);
  text += ", ";
  text += signed_value(d.hi, share, sign);
  text += "]";
  return text;
}

std::string relative_text(double relative) {
  if (!std::isfinite(relative)) return "n/a";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.1f%%", relative * 100.0);
  return buffer;
}

struct Row {
  std::string label, base, variant, difference, relative, unit;
};

void print_rows(std::ostream& out, const std::vector<std::pair<std::string, Row>>& rows) {
  std::size_t w[5] = {0, 0, 0, 0, 0};
  for (const auto& [group, r] : rows) {
    w[0] = std::max(w[0], r.label.size());
    w[1] = std::max(w[1], r.base.size());
    w[2] = std::max(w[2], r.variant.size());
    w[3] = std::max(w[3], r.difference.size());
    w[4] = std::max(w[4], r.relative.size());
  }
  auto width = [&](int i) { return static_cast<int>(w[i]); };
  out << "  " << std::left << std::setw(width(0)) << ""
      << "  " << std::right << std::setw(width(1)) << "base"
      << "  " << std::setw(width(2)) << "variant"
      << "  " << std::left << std::setw(width(3)) << "difference [95% CI]"
      << "  " << std::right << std::setw(width(4)) << "relative"
      << "\n";
  std::string current;
  for (const auto& [group, r] : rows) {
    if (group != current) out << group << "\n";
    current = group;
    out << "  " << std::left << std::setw(width(0)) << r.label << "  " << std::right
        << std::setw(width(1)) << r.base << "  " << std::setw(width(2)) << r.variant << "  "
        << std::left << std::setw(width(3)) << r.difference << "  " << std::right
        << std::setw(width(4)) << r.relative << "  " << r.unit << "\n";
  }
}

void print_one(std::ostream& out, const Comparison& c) {
  out << "\n" << c.variant << " against " << c.base << "\n";
  std::vector<std::pair<std::string, Row>> rows;
  for (auto group : {HeadlineGroup::Recidivism, HeadlineGroup::Reintegration,
                     HeadlineGroup::Workload, HeadlineGroup::Costs})
    for (const FigureComparison& f : c.figures) {
      if (f.group != group) continue;
      const bool share = f.unit == "share";
      rows.push_back({std::string(group_name(group)),
                      {f.label, format_value(f.base.mean, share),
                       format_value(f.variant.mean, share), difference_text(f.difference, share),
                       relative_text(f.relative_change), share ? "%" : f.unit}});
    }
  const CostPerReconvictionAvoided& e = c.cost_per_reconviction;
  const std::string economics = "Cost per reconviction avoided";
  rows.push_back({economics,
                  {"Total cost difference", "", "", difference_text(e.cost_difference, false), "",
                   "EUR/year"}});
  rows.push_back(
      {economics,
       {"Reconvictions avoided", "", "", difference_text(e.avoided, false), "", "people/year"}});
  rows.push_back({economics,
                  {"Cost per reconviction avoided", "", "", difference_text(e.ratio, false, false),
                   "", "EUR (" + std::string(ratio_method_text(e.method)) + ")"}});
  print_rows(out, rows);
}

void interval_json(std::ostream& out, const char* prefix, const stats::Interval& i) {
  out << "\"" << prefix << "mean\": " << json_number(i.mean) << ", \"" << prefix
      << "lo\": " << json_number(i.lo) << ", \"" << prefix << "hi\": " << json_number(i.hi);
}

}  // namespace

void print_comparison(std::ostream& out, const std::vector<ScenarioResult>& scenarios,
                      const std::vector<Comparison>& comparisons) {
  if (scenarios.empty()) return;
  const RunInfo& base = scenarios.front().info;
  char years[32];
  std::snprintf(years, sizeof years, "%g", base.years);
  out << "compare " << base.scenario << " with " << comparisons.size()
      << (comparisons.size() == 1 ? " variant" : " variants") << "\nreplicates " << base.replicates
      << "   seed " << base.seed << "   years " << years
      << "   paired differences (variant - base, same seed and replicates)\n";
  for (const Comparison& c : comparisons) print_one(out, c);
  out.flush();
}

void print_comparison_json(std::ostream& out, const std::vector<ScenarioResult>& scenarios,
                           const std::vector<Comparison>& comparisons) {
  if (scenarios.empty()) return;
  const RunInfo& base = scenarios.front().info;
  out << "{\n  \"kind\": \"compare\",\n  \"base\": " << json_string(base.scenario)
      << ",\n  \"replicates\": " << base.replicates << ",\n  \"seed\": " << base.seed
      << ",\n  \"years\": " << json_number(base.years)
      << ",\n  \"confidence_level\": " << json_number(kConfidenceLevel) << ",\n  \"scenarios\": [";
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    out << (i ? ",\n" : "\n") << "    {\"name\": " << json_string(scenarios[i].info.scenario)
        << ", \"role\": \"" << (i == 0 ? "base" : "variant")
        << "\", \"description\": " << json_string(scenarios[i].info.description) << "}";
  out << "\n  ],\n  \"comparisons\": {";
  for (std::size_t v = 0; v < comparisons.size(); ++v) {
    const Comparison& c = comparisons[v];
    out << (v ? ",\n" : "\n") << "    " << json_string(c.variant) << ": {\n      \"figures\": {";
    for (std::size_t i = 0; i < c.figures.size(); ++i) {
      const FigureComparison& f = c.figures[i];
      out << (i ? ",\n" : "\n") << "        " << json_string(f.name)
          << ": {\"label\": " << json_string(f.label) << ", \"unit\": " << json_string(f.unit)
          << ", \"group\": " << json_string(group_name(f.group)) << ", ";
      interval_json(out, "base_", f.base);
      out << ", ";
      interval_json(out, "variant_", f.variant);
      out << ", ";
      interval_json(out, "diff_", f.difference);
      out << ", \"relative_change\": " << json_number(f.relative_change)
          << ", \"n\": " << f.difference.n << "}";
    }
    const CostPerReconvictionAvoided& e = c.cost_per_reconviction;
    out << "\n      },\n      \"cost_per_reconviction_avoided\": {\"value\": "
        << json_number(e.ratio.mean) << ", \"lo\": " << json_number(e.ratio.lo)
        << ", \"hi\": " << json_number(e.ratio.hi) << ", \"n\": " << e.ratio.n
        << ", \"method\": " << json_string(ratio_method_key(e.method))
        << ",\n        \"cost_difference_per_year\": {";
    interval_json(out, "", e.cost_difference);
    out << "},\n        \"reconvictions_avoided_per_year\": {";
    interval_json(out, "", e.avoided);
    out << "}}\n    }";
  }
  out << "\n  }\n}\n";
  out.flush();
}

}  // namespace spipsim::experiment
