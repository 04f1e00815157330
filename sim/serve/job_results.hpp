#pragma once
// What a finished job gives the page and the downloads, computed once from the in-memory
// results when the job ends and written next to its comparison file:
//   results.json     headlines with intervals, paired differences, survival curves with
//                    bands, costs and cost per reconviction avoided, per-site figures
//   headlines.csv, differences.csv, sites.csv   the same as tables
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/experiment/outcomes/scenario_comparison.hpp"

namespace spipsim::serve {

nlohmann::json results_json(const std::vector<experiment::ScenarioResult>& scenarios,
                            const std::vector<experiment::Comparison>& comparisons);

// scenario,name,label,unit,group,mean,lo,hi,n
std::string headlines_csv(const std::vector<experiment::ScenarioResult>& scenarios);
// base,variant,name,label,unit,base_mean,variant_mean,difference,difference_lo,difference_hi,
// relative_change,n
std::string differences_csv(const std::vector<experiment::Comparison>& comparisons);
// scenario,code,name,persons,reconviction_1y,reconviction_1y_lo,reconviction_1y_hi,
// reconvictions_per_year,officers,supervised,cases_per_officer,contacts_missed_per_year
// (the last five: means over the window's months of the monthly site series)
std::string sites_csv(const std::vector<experiment::ScenarioResult>& scenarios);

}  // namespace spipsim::serve
