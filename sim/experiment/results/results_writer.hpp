#pragma once
// Writes a run's results file (layout in docs/hdf5-schema.md):
//   /manifest (attributes)       /summary        /replicates
//   /timeseries/national         /timeseries/sites          /site_years
//   /survival/reconviction       /survival/reconviction_monthly
//   /breakdowns/<by>             /sites          /persons (only with person_table)
// Atomically: the file appears at `path` complete or not at all (io::H5FileWriter).
#include <chrono>
#include <filesystem>
#include <functional>
#include <string_view>
#include <vector>

#include "sim/experiment/outcomes/run_analysis.hpp"
#include "sim/experiment/run/run_info.hpp"

namespace spipsim::io {
class H5FileWriter;
}

namespace spipsim::experiment {

struct ResultsOptions {
  bool person_table = false;
  // Polled before the file is committed; true abandons it with Interrupted, so a Ctrl-C
  // while writing leaves no file rather than one the user thought they had stopped.
  std::function<bool()> cancelled;
};

// Throws io::IoError on any write failure and Interrupted when cancelled; in both cases no
// file is left at `path` (an earlier file there is kept). /sites is analysis.site_info; the
// person table needs analysis.person_records for every replicate (std::logic_error else).
void write_results(const std::filesystem::path& path, const RunInfo& info,
                   const RunAnalysis& analysis, const ResultsOptions& options = {});

// /manifest (io::write_manifest) from `info`, with `kind` ("run", "compare"), plus the
// threads, the start month and the confidence level. Throws io::IoError.
void write_run_manifest(io::H5FileWriter& writer, const RunInfo& info, std::string_view kind);

// The run's own tables, /summary to /sites (neither the manifest nor /persons), under
// `prefix`: "" in a run file, "/scenarios/<name>" in a comparison file, so that a scenario
// inside a comparison reads exactly like a run file. Throws io::IoError.
void write_run_tables(io::H5FileWriter& writer, std::string_view prefix,
                      std::chrono::year_month_day start_date, const RunAnalysis& analysis,
                      const std::vector<model::SiteInfo>& sites);

}  // namespace spipsim::experiment
