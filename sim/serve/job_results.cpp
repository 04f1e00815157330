#include "sim/serve/job_results.hpp"

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/params/value_text.hpp"

namespace spipsim::serve {

using nlohmann::json;

namespace {

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json interval(const stats::Interval& i) {
  return {{"mean", number(i.mean)}, {"lo", number(i.lo)}, {"hi", number(i.hi)}, {"n", i.n}};
}

const experiment::Breakdown* site_breakdown(const experiment::ScenarioResult& s) {
  for (const experiment::Breakdown& b : s.analysis.breakdowns)
    if (b.by == "site") return &b;
  return nullptr;
}

// Per-site figures of the monthly site series, averaged over the window's months (means over
// replicates already): what a map can show whatever the window's length (reconviction
// within one year needs a window longer than a year).
struct SiteMeasure {
  const char* key;     // in results.json and sites.csv
  const char* series;  // the monthly site series
  double factor;       // 12 turns a monthly flow into a yearly one
};
constexpr SiteMeasure kSiteMeasures[] = {
    {"reconvictions_per_year", "reconvictions", 12.0},
    {"officers", "officers", 1.0},
    {"supervised", "supervised", 1.0},
    {"cases_per_officer", "cases_per_officer", 1.0},
    {"contacts_missed_per_year", "contacts_missed", 12.0},
    {"travel_hours_per_year", "hours_travel", 12.0},
    {"contact_hours_per_year", "hours_contacts", 12.0},
};
// Derived from the means above: the share of the officers' contact hours spent on the road
// (road hours over road and contact hours; both per year over the same months).
constexpr const char* kRoadShare = "road_share";

// Every per-site key of results.json and sites.csv, in order.
std::vector<std::string> site_measure_keys() {
  std::vector<std::string> keys;
  for (const SiteMeasure& m : kSiteMeasures) keys.emplace_back(m.key);
  keys.emplace_back(kRoadShare);
  return keys;
}

// site code -> measure key -> mean over months.
std::map<std::string, std::map<std::string, double>> site_means(const experiment::ScenarioResult& s) {
  const experiment::MonthlySeries& series = s.analysis.sites;
  std::map<std::string, std::map<std::string, double>> out;
  for (const SiteMeasure& m : kSiteMeasures) {
    const experiment::Series* values = series.find(m.series);
    if (!values) continue;
    std::map<std::string, std::pair<double, int>> sums;
    for (std::size_t row = 0; row < series.rows(); ++row)
      if (std::isfinite(values->values[row])) {
        auto& [sum, n] = sums[series.site[row]];
        sum += values->values[row];
        ++n;
      }
    for (const auto& [code, sn] : sums) out[code][m.key] = m.factor * sn.first / sn.second;
  }
  for (auto& [code, measures] : out) {
    const auto road = measures.find("travel_hours_per_year");
    const auto contacts = measures.find("contact_hours_per_year");
    if (road != measures.end() && contacts != measures.end())
      measures[kRoadShare] = road->second + contacts->second > 0
                                 ? road->second / (road->second + contacts->second)
                                 : std::nan("");
  }
  return out;
}

double measure_of(const std::map<std::string, std::map<std::string, double>>& means,
                  const std::string& code, const std::string& key) {
  const auto site = means.find(code);
  if (site == means.end()) return std::nan("");
  const auto value = site->second.find(key);
  return value == site->second.end() ? std::nan("") : value->second;
}

std::map<std::string, std::string> site_names(const experiment::ScenarioResult& s) {
  std::map<std::string, std::string> names;
  for (const model::SiteInfo& site : s.sites) names[site.code] = site.name;
  return names;
}

// CSV: numbers in their shortest round-tripping form, empty when undefined; text quoted.
std::string cell(double x) { return std::isfinite(x) ? params::format_number(x) : ""; }
std::string cell(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

json results_json(const std::vector<experiment::ScenarioResult>& scenarios,
                  const std::vector<experiment::Comparison>& comparisons) {
  json out;
  out["scenarios"] = json::array();
  for (const experiment::ScenarioResult& s : scenarios) {
    json scenario;
    scenario["name"] = s.info.scenario;
    scenario["replicates"] = s.info.replicates;
    scenario["years"] = s.info.years;
    scenario["seed"] = s.info.seed;
    json headlines = json::array();
    for (const experiment::Headline& h : s.analysis.summary.headlines)
      headlines.push_back({{"name", h.name}, {"label", h.label}, {"unit", h.unit},
                           {"group", std::string(experiment::group_name(h.group))},
                           {"interval", interval(h.interval)}});
    scenario["headlines"] = headlines;
    const experiment::ReconvictionSurvival& sv = s.analysis.survival;
    json curve = json::array();
    for (std::size_t m = 0; m < sv.month.size(); ++m)
      curve.push_back({{"month", sv.month[m]}, {"survival", number(sv.mean[m])},
                       {"lo", number(sv.lo[m])}, {"hi", number(sv.hi[m])},
                       {"replicates", sv.replicates[m]}});
    scenario["survival"] = curve;
    json sites = json::array();
    const auto names = site_names(s);
    const auto means = site_means(s);
    if (const experiment::Breakdown* b = site_breakdown(s))
      for (const experiment::SubgroupRow& row : b->rows) {
        const auto name = names.find(row.group);
        json site = {{"code", row.group},
                     {"name", name == names.end() ? row.group : name->second},
                     {"persons", row.n},
                     {"reconviction_1y", number(row.reconviction_1y.value)},
                     {"reconviction_1y_lo", number(row.reconviction_1y.lo)},
                     {"reconviction_1y_hi", number(row.reconviction_1y.hi)}};
        for (const std::string& key : site_measure_keys())
          site[key] = number(measure_of(means, row.group, key));
        sites.push_back(site);
      }
    scenario["sites"] = sites;
    out["scenarios"].push_back(scenario);
  }
  out["comparisons"] = json::array();
  for (const experiment::Comparison& c : comparisons) {
    json figures = json::array();
    for (const experiment::FigureComparison& f : c.figures)
      figures.push_back({{"name", f.name}, {"label", f.label}, {"unit", f.unit},
                         {"group", std::string(experiment::group_name(f.group))},
                         {"base", interval(f.base)}, {"variant", interval(f.variant)},
                         {"difference", interval(f.difference)},
                         {"relative_change", number(f.relative_change)}});
    const experiment::CostPerReconvictionAvoided& cost = c.cost_per_reconviction;
    out["comparisons"].push_back(
        {{"base", c.base}, {"variant", c.variant}, {"figures", figures},
         {"cost_per_reconviction_avoided",
          {{"cost_difference", interval(cost.cost_difference)},
           {"avoided", interval(cost.avoided)}, {"ratio", interval(cost.ratio)},
           {"method", std::string(experiment::ratio_method_key(cost.method))},
           {"method_text", std::string(experiment::ratio_method_text(cost.method))}}}});
  }
  return out;
}

std::string headlines_csv(const std::vector<experiment::ScenarioResult>& scenarios) {
  std::ostringstream out;
  out << "scenario,name,label,unit,group,mean,lo,hi,n\n";
  for (const experiment::ScenarioResult& s : scenarios)
    for (const experiment::Headline& h : s.analysis.summary.headlines)
      out << cell(s.info.scenario) << ',' << cell(h.name) << ',' << cell(h.label) << ','
          << cell(h.unit) << ',' << cell(std::string(experiment::group_name(h.group))) << ','
          << cell(h.interval.mean) << ',' << cell(h.interval.lo) << ',' << cell(h.interval.hi)
          << ',' << h.interval.n << '\n';
  return out.str();
}

std::string differences_csv(const std::vector<experiment::Comparison>& comparisons) {
  std::ostringstream out;
  out << "base,variant,name,label,unit,base_mean,variant_mean,difference,difference_lo,"
         "difference_hi,relative_change,n\n";
  for (const experiment::Comparison& c : comparisons)
    for (const experiment::FigureComparison& f : c.figures)
      out << cell(c.base) << ',' << cell(c.variant) << ',' << cell(f.name) << ','
          << cell(f.label) << ',' << cell(f.unit) << ',' << cell(f.base.mean) << ','
          << cell(f.variant.mean) << ',' << cell(f.difference.mean) << ','
          << cell(f.difference.lo) << ',' << cell(f.difference.hi) << ','
          << cell(f.relative_change) << ',' << f.difference.n << '\n';
  return out.str();
}

std::string sites_csv(const std::vector<experiment::ScenarioResult>& scenarios) {
  std::ostringstream out;
  out << "scenario,code,name,persons,reconviction_1y,reconviction_1y_lo,reconviction_1y_hi";
  for (const std::string& key : site_measure_keys()) out << ',' << key;
  out << '\n';
  for (const experiment::ScenarioResult& s : scenarios) {
    const auto names = site_names(s);
    const auto means = site_means(s);
    if (const experiment::Breakdown* b = site_breakdown(s))
      for (const experiment::SubgroupRow& row : b->rows) {
        const auto name = names.find(row.group);
        out << cell(s.info.scenario) << ',' << cell(row.group) << ','
            << cell(name == names.end() ? row.group : name->second) << ',' << row.n << ','
            << cell(row.reconviction_1y.value) << ',' << cell(row.reconviction_1y.lo) << ','
            << cell(row.reconviction_1y.hi);
        for (const std::string& key : site_measure_keys())
          out << ',' << cell(measure_of(means, row.group, key));
        out << '\n';
      }
  }
  return out.str();
}

}  // namespace spipsim::serve
