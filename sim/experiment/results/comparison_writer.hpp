#pragma once
// Writes a comparison file (layout in docs/hdf5-schema.md, "Comparison files"):
//   /manifest (attributes; kind "compare")   /scenario_list
//   /scenarios/<name>/...  each scenario's own tables, laid out as in a run file
//   /comparison/<variant>  one row per figure: base, variant, paired difference
// Atomically, like a run file: it appears at `path` complete or not at all.
#include <filesystem>
#include <functional>
#include <vector>

#include "sim/experiment/outcomes/scenario_comparison.hpp"
#include "sim/io/table.hpp"

namespace spipsim::experiment {

// name, label, unit, base_mean, variant_mean, diff_mean, diff_lo, diff_hi, relative_change,
// n: one row per FigureComparison, in order.
io::Table comparison_table(const Comparison& comparison);

// index, name, role, description, scenario_text: one row per scenario, base first.
io::Table scenario_list_table(const std::vector<ScenarioResult>& scenarios);

// `scenarios` is base first, then the variants in the order of `comparisons`; the manifest
// takes the command line, threads and start date from the base. `cancelled` is polled
// before the commit, as in write_results. Throws io::IoError on any write failure and
// Interrupted when cancelled; in both cases no file is left at `path`.
void write_comparison(const std::filesystem::path& path,
                      const std::vector<ScenarioResult>& scenarios,
                      const std::vector<Comparison>& comparisons,
                      const std::function<bool()>& cancelled = {});

}  // namespace spipsim::experiment
