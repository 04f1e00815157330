#pragma once
// The tables of a results file, one function per table, each column with its unit and
// description (docs/hdf5-schema.md describes the layout). Built here, written by io: this
// layer decides what is in a file, io decides how HDF5 stores it.
#include <chrono>
#include <cstdint>
#include <vector>

#include "sim/experiment/outcomes/breakdowns.hpp"
#include "sim/experiment/outcomes/monthly_series.hpp"
#include "sim/experiment/outcomes/reconviction_survival.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/io/table.hpp"

namespace spipsim::experiment {

// name, label, unit, group, mean, lo, hi, sd, n: one row per headline.
io::Table summary_table(const RunSummary& summary);

// Long format, one row per (replicate, headline): replicate, name, value.
io::Table replicates_table(const RunSummary& summary);

// month, date ("YYYY-MM" of start_date plus month), [site,] then one column per series.
io::Table series_table(const MonthlySeries& series, std::chrono::year_month_day start_date);

// time, survival, lo, hi, at_risk, events, censored.
io::Table survival_table(const stats::SurvivalTable& table);

// month, day, survival mean, lo, hi, replicates.
io::Table monthly_survival_table(const ReconvictionSurvival& survival);

// group, n, reconviction at 1, 2, 5 years and re-imprisonment at 1 year (each with lo, hi),
// reintegrated_12m and its denominator.
io::Table breakdown_table(const Breakdown& breakdown);

// code, name, region, population, unemployment, officers.
io::Table sites_table(const std::vector<model::SiteInfo>& sites);

// Every PersonRecord field, one row per person per replicate, with a replicate column; the
// site as its code, enums as names, -1 outcome codes and the end of an ongoing measure as
// NaN. Sizeable: 100 bytes or so per row before compression. replicates[r] holds replicate
// r's records; every replicate has the same `sites`.
io::Table persons_table(const std::vector<std::vector<model::PersonRecord>>& replicates,
                        const std::vector<model::SiteInfo>& sites);

// "YYYY-MM" of the month that starts `months` after the month of `start`.
std::string month_label(std::chrono::year_month_day start, std::int64_t months);

}  // namespace spipsim::experiment
