#pragma once
// Per-site, per-year figures of a run (issue 11, item 5): caseload per community officer,
// workforce, waits, flows, outcomes of the people whose index event fell in that year, and
// costs. Each value is computed per replicate, then averaged over the replicates where it is
// defined. What an allocation study and a map of France read.
#include <string>
#include <vector>

#include "sim/io/table.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

// One row per (year of the observation window, site), years first, sites in output order.
// Only whole years are reported (a window of 30 months gives 2 rows per site).
io::Table site_year_table(const std::vector<model::ReplicateOutput>& outputs);

// One replicate's value of every cell (field x row, then the three outcome columns), NaN
// where undefined: computed as soon as the replicate finishes, on any thread.
struct SiteYearPart {
  int months = 0;
  std::vector<std::string> site_codes;
  std::vector<double> values;
};
SiteYearPart site_year_part(const model::ReplicateOutput& out);

// Adds the parts in replicate order (the order of the sums), then gives the table. Every
// replicate of a run has the same months and sites; a part with others is refused with
// std::invalid_argument.
class SiteYearFold {
 public:
  void add(const SiteYearPart& part);
  io::Table table() const;  // as site_year_table

 private:
  std::size_t replicates_ = 0;
  int months_ = 0;
  std::vector<std::string> site_codes_;
  std::vector<double> sum_;
  std::vector<int> count_;
};

}  // namespace spipsim::experiment
