#pragma once
// Per-site, per-year figures of a run (issue 11, item 5): caseload per community officer,
// workforce, waits, flows, outcomes of the people whose index event fell in that year, and
// costs. Each value is computed per replicate, then averaged over the replicates where it is
// defined. What an allocation study and a map of France read.
#include <vector>

#include "sim/io/table.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

// One row per (year of the observation window, site), years first, sites in output order.
// Only whole years are reported (a window of 30 months gives 2 rows per site).
io::Table site_year_table(const std::vector<model::ReplicateOutput>& outputs);

}  // namespace spipsim::experiment
