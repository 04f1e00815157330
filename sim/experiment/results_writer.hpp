#pragma once
// Writes a run's results file (layout in docs/hdf5-schema.md):
//   /manifest (attributes)       /summary        /replicates
//   /timeseries/national         /timeseries/sites
//   /survival/reconviction       /survival/reconviction_monthly
//   /breakdowns/<by>             /sites          /persons (only with person_table)
// Atomically: the file appears at `path` complete or not at all (io::H5FileWriter).
#include <filesystem>
#include <functional>
#include <vector>

#include "sim/experiment/run_analysis.hpp"
#include "sim/experiment/run_info.hpp"

namespace spipsim::experiment {

struct ResultsOptions {
  bool person_table = false;
  // Polled before the file is committed; true abandons it with Interrupted, so a Ctrl-C
  // while writing leaves no file rather than one the user thought they had stopped.
  std::function<bool()> cancelled;
};

// Throws io::IoError on any write failure and Interrupted when cancelled; in both cases no
// file is left at `path` (an earlier file there is kept).
void write_results(const std::filesystem::path& path, const RunInfo& info,
                   const std::vector<model::ReplicateOutput>& outputs, const RunAnalysis& analysis,
                   const ResultsOptions& options = {});

}  // namespace spipsim::experiment
