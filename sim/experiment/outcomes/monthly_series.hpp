#pragma once
// Monthly time series of a run, averaged over replicates: national (sites summed) and per
// site. Month 0 is the first month of the observation window.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

struct Series {
  std::string name, unit, description;
  std::vector<double> values;  // one per row; NaN where no replicate defines it
};

struct MonthlySeries {
  std::vector<std::int64_t> month;  // one per row
  std::vector<std::string> site;    // site code per row; empty for the national series
  std::vector<Series> series;

  std::size_t rows() const { return month.size(); }
  const Series* find(std::string_view name) const;
};

// One row per month: stocks, flows, contacts, waits, caseload distribution (mean, p50, p90,
// max over all officers), partner queues, employment and housing, officer hours. Each value
// is the mean over replicates of the replicate's national figure; a ratio (a mean wait) is
// averaged over the replicates where it is defined.
MonthlySeries national_series(const std::vector<model::ReplicateOutput>& outputs);

// One row per (month, site), sites in output order, with the key series of each site; the
// caseload distribution is national only (the model reports caseloads without sites), so
// sites get cases_per_officer = supervised / officers instead.
MonthlySeries site_series(const std::vector<model::ReplicateOutput>& outputs);

}  // namespace spipsim::experiment
