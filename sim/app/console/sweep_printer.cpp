#include "sim/app/console/sweep_printer.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "sim/app/console/summary_printer.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/experiment/sweep/sweep_results.hpp"

namespace spipsim::experiment {
namespace {

constexpr std::uint64_t kMaxPrintedPoints = 40;

// A design point's value of one parameter, as its column in /design/points holds it.
std::string point_value(const io::Column& column, std::uint64_t point) {
  if (const auto* text = std::get_if<std::vector<std::string>>(&column.values))
    return (*text)[point];
  if (const auto* number = std::get_if<std::vector<double>>(&column.values)) {
    std::ostringstream s;
    s << std::setprecision(4) << (*number)[point];
    return s.str();
  }
  return std::to_string(std::get<std::vector<std::int64_t>>(column.values)[point]);
}

// Left-aligned columns, each two spaces wider than its widest cell.
void print_columns(std::ostream& out, const std::vector<std::string>& header,
                   const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c)
      out << std::left << std::setw(int(width[c] + (c + 1 < cells.size() ? 2 : 0))) << cells[c];
    out << "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
}

struct Cell {
  double mean, lo, hi;
};

// Outputs of interest at each point: interval over replicates.
std::vector<std::vector<Cell>> cells(const SweepPlan& plan, const TaskResults& results,
                                     std::vector<std::size_t>& index) {
  for (const std::string& o : plan.outputs)
    for (std::size_t k = 0; k < plan.headlines.size(); ++k)
      if (plan.headlines[k].name == o) index.push_back(k);
  std::vector<std::vector<Cell>> table(plan.point_count());
  for (std::uint64_t p = 0; p < plan.point_count(); ++p)
    for (std::size_t k : index) {
      const stats::Interval i = point_interval(plan, results, p, k, kConfidenceLevel);
      table[p].push_back({i.mean, i.lo, i.hi});
    }
  return table;
}

}  // namespace

void print_sweep(std::ostream& out, const SweepPlan& plan, const TaskResults& results) {
  out << "Sweep " << plan.design_name << " (" << plan.method << "): " << plan.point_count()
      << " points x " << plan.replicates << " replicates of " << plan.scenario_name << ", seed "
      << plan.seed << ", " << plan.years << " years\n";
  if (!plan.design_description.empty()) out << plan.design_description << "\n";
  out << "Mean over replicates [95% CI]\n\n";
  std::vector<std::size_t> index;
  const auto table = cells(plan, results, index);
  const std::uint64_t shown = std::min(plan.point_count(), kMaxPrintedPoints);
  // Text of every cell first, so that each column is as wide as its widest entry.
  std::vector<std::string> header{"point"};
  for (const std::string& name : plan.parameter_names) header.push_back(name);
  for (std::size_t k : index) header.push_back(plan.headlines[k].name);
  std::vector<std::vector<std::string>> rows;
  for (std::uint64_t p = 0; p < shown; ++p) {
    std::vector<std::string> row{std::to_string(p)};
    for (const std::string& name : plan.parameter_names)
      row.push_back(point_value(*plan.points.find(name), p));
    for (std::size_t c = 0; c < index.size(); ++c) {
      const bool share = plan.headlines[index[c]].unit == "share";
      const Cell& cell = table[p][c];
      row.push_back(format_value(cell.mean, share) + " [" + format_value(cell.lo, share) + ", " +
                    format_value(cell.hi, share) + "]");
    }
    rows.push_back(std::move(row));
  }
  print_columns(out, header, rows);
  if (shown < plan.point_count())
    out << "... " << plan.point_count() - shown << " more points in the results file\n";

  const io::Table sobol = sobol_table(plan, results, kConfidenceLevel);
  if (sobol.rows() == 0) return;
  out << "\nSobol indices of the per-point means (first order, total order) [95% bootstrap "
         "CI]\n\n";
  const auto& outputs = std::get<std::vector<std::string>>(sobol.find("output")->values);
  const auto& params = std::get<std::vector<std::string>>(sobol.find("parameter")->values);
  auto col = [&](const char* name) {
    return std::get<std::vector<double>>(sobol.find(name)->values);
  };
  const auto first = col("first"), first_low = col("first_low"), first_high = col("first_high");
  const auto total = col("total"), total_low = col("total_low"), total_high = col("total_high");
  auto fixed = [](double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(3) << v;
    return s.str();
  };
  rows.clear();
  bool undefined = false;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    undefined = undefined || std::isnan(first[i]);
    rows.push_back(
        {outputs[i], params[i],
         fixed(first[i]) + " [" + fixed(first_low[i]) + ", " + fixed(first_high[i]) + "]",
         fixed(total[i]) + " [" + fixed(total_low[i]) + ", " + fixed(total_high[i]) + "]"});
  }
  print_columns(out, {"output", "parameter", "first order", "total order"}, rows);
  if (undefined)
    out << "nan: the output is undefined at some point (e.g. reconviction_2y with a shorter "
           "horizon) or constant over the design\n";
}

void print_sweep_json(std::ostream& out, const SweepPlan& plan, const TaskResults& results) {
  std::vector<std::size_t> index;
  const auto table = cells(plan, results, index);
  out << "{\"design\": " << json_string(plan.design_name)
      << ", \"method\": " << json_string(plan.method)
      << ", \"scenario\": " << json_string(plan.scenario_name) << ", \"seed\": " << plan.seed
      << ", \"replicates\": " << plan.replicates << ", \"points\": [";
  for (std::uint64_t p = 0; p < plan.point_count(); ++p) {
    out << (p ? ", " : "") << "{\"point\": " << p << ", \"parameters\": {";
    for (std::size_t d = 0; d < plan.parameter_names.size(); ++d) {
      const io::Column& column = *plan.points.find(plan.parameter_names[d]);
      out << (d ? ", " : "") << json_string(plan.parameter_names[d]) << ": ";
      if (const auto* text = std::get_if<std::vector<std::string>>(&column.values))
        out << json_string((*text)[p]);
      else
        out << json_number(std::get<std::vector<double>>(column.values)[p]);
    }
    out << "}, \"outputs\": {";
    for (std::size_t c = 0; c < index.size(); ++c) {
      const Cell& cell = table[p][c];
      out << (c ? ", " : "") << json_string(plan.headlines[index[c]].name)
          << ": {\"mean\": " << json_number(cell.mean) << ", \"low\": " << json_number(cell.lo)
          << ", \"high\": " << json_number(cell.hi) << "}";
    }
    out << "}}";
  }
  out << "]";
  const io::Table sobol = sobol_table(plan, results, kConfidenceLevel);
  if (sobol.rows() > 0) {
    out << ", \"sobol\": [";
    for (std::size_t i = 0; i < sobol.rows(); ++i) {
      out << (i ? ", " : "") << "{";
      for (std::size_t c = 0; c < sobol.columns.size(); ++c) {
        const io::Column& column = sobol.columns[c];
        out << (c ? ", " : "") << json_string(column.name) << ": ";
        if (const auto* text = std::get_if<std::vector<std::string>>(&column.values))
          out << json_string((*text)[i]);
        else
          out << json_number(std::get<std::vector<double>>(column.values)[i]);
      }
      out << "}";
    }
    out << "]";
  }
  out << "}\n";
}

}  // namespace spipsim::experiment
