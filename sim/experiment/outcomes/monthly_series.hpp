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

// One replicate's part of both series, computed as soon as it finishes (on any thread):
// its national value of every column and month (NaN where undefined), and the per-site
// values of each of its monthly records.
struct MonthlyPart {
  int months = 0;
  std::vector<std::string> site_codes;
  std::vector<double> national;            // column x months
  std::vector<std::size_t> site_rows;      // per record: month x sites + site
  std::vector<double> site_values;         // per record, one value per per-site column
};
MonthlyPart monthly_part(const model::ReplicateOutput& out);

// Adds the parts of a run's replicates in replicate order, which fixes the order of every
// floating-point sum: each mean is the sum over replicates in that order, over the count.
// Every replicate of a run has the same months and sites (one scenario); a part with others
// is refused with std::invalid_argument.
class MonthlySeriesFold {
 public:
  void add(const MonthlyPart& part);
  MonthlySeries national() const;  // as national_series
  MonthlySeries sites() const;     // as site_series

 private:
  static double mean_of(const std::vector<double>& sum, const std::vector<double>& count,
                        std::size_t cell);
  std::size_t replicates_ = 0, months_ = 0;
  std::vector<std::string> site_codes_;
  std::vector<double> national_sum_, national_count_, site_sum_, site_count_;
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
