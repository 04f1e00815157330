#include "sim/experiment/sweep/sweep_results.hpp"

#include <cmath>
#include <stdexcept>

#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/stats/sobol_indices.hpp"

namespace spipsim::experiment {
namespace {

std::size_t headline_index(const SweepPlan& plan, const std::string& name) {
  for (std::size_t k = 0; k < plan.headlines.size(); ++k)
    if (plan.headlines[k].name == name) return k;
  throw std::runtime_error("sweep: unknown output '" + name + "'");
}

// Mean over the replicates of each point, for one headline.
std::vector<double> point_means(const SweepPlan& plan, const TaskResults& results, std::size_t k) {
  std::vector<double> means(plan.point_count());
  for (std::uint64_t p = 0; p < plan.point_count(); ++p)
    means[p] = point_interval(plan, results, p, k, kConfidenceLevel).mean;
  return means;
}

}  // namespace

io::Table task_table(const SweepPlan& plan, const TaskResults& results,
                     const std::vector<std::uint64_t>& tasks) {
  std::vector<std::int64_t> task_ids, points, replicates;
  for (std::uint64_t t : tasks) {
    task_ids.push_back(static_cast<std::int64_t>(t));
    points.push_back(static_cast<std::int64_t>(t / plan.replicates));
    replicates.push_back(static_cast<std::int64_t>(t % plan.replicates));
  }
  io::Table table;
  table.add("task", "", "task number = point * replicates + replicate", task_ids)
      .add("point", "", "design point (row of /design/points)", points)
      .add("replicate", "",
           "replicate number; replicate r of every point shares its random "
           "numbers (common random numbers)",
           replicates);
  for (std::size_t k = 0; k < plan.headlines.size(); ++k) {
    std::vector<double> column;
    for (std::uint64_t t : tasks) column.push_back(results.of(t)[k]);
    table.add(plan.headlines[k].name, plan.headlines[k].unit, plan.headlines[k].label, column);
  }
  return table;
}

void read_task_table(const io::Table& table, const SweepPlan& plan, TaskResults& results) {
  const io::Column* task = table.find("task");
  const auto* ids = task ? std::get_if<std::vector<std::int64_t>>(&task->values) : nullptr;
  if (!ids) throw std::runtime_error("task table without an integer 'task' column");
  std::vector<const std::vector<double>*> columns;
  for (const HeadlineSpec& h : plan.headlines) {
    const io::Column* c = table.find(h.name);
    const auto* v = c ? std::get_if<std::vector<double>>(&c->values) : nullptr;
    if (!v) throw std::runtime_error("task table without the column '" + h.name + "'");
    columns.push_back(v);
  }
  std::vector<double> values(plan.headlines.size());
  for (std::size_t row = 0; row < ids->size(); ++row) {
    const std::int64_t t = (*ids)[row];
    if (t < 0 || static_cast<std::uint64_t>(t) >= results.tasks)
      throw std::runtime_error("task number " + std::to_string(t) + " out of range");
    for (std::size_t k = 0; k < columns.size(); ++k) values[k] = (*columns[k])[row];
    results.record(static_cast<std::uint64_t>(t), values);
  }
}

stats::Interval point_interval(const SweepPlan& plan, const TaskResults& results,
                               std::uint64_t point, std::size_t headline, double level) {
  std::vector<double> values(plan.replicates);
  for (std::uint32_t r = 0; r < plan.replicates; ++r)
    values[r] = results.of(point * plan.replicates + r)[headline];
  return interval_over_replicates(values, level);
}

io::Table point_table(const SweepPlan& plan, const TaskResults& results, double level) {
  std::vector<std::int64_t> points, ns;
  std::vector<std::string> outputs, units;
  std::vector<double> means, lows, highs, sds;
  for (std::uint64_t p = 0; p < plan.point_count(); ++p) {
    for (std::size_t k = 0; k < plan.headlines.size(); ++k) {
      const stats::Interval i = point_interval(plan, results, p, k, level);
      points.push_back(static_cast<std::int64_t>(p));
      outputs.push_back(plan.headlines[k].name);
      units.push_back(plan.headlines[k].unit);
      means.push_back(i.mean);
      lows.push_back(i.lo);
      highs.push_back(i.hi);
      sds.push_back(i.sd);
      ns.push_back(static_cast<std::int64_t>(i.n));
    }
  }
  io::Table table;
  table.add("point", "", "design point", points)
      .add("output", "", "headline name (see /design/outputs)", outputs)
      .add("unit", "", "unit of mean, low, high and sd", units)
      .add("mean", "see column 'unit'", "mean over the replicates where it is defined", means)
      .add("low", "see column 'unit'", "lower end of the confidence interval (Student t)", lows)
      .add("high", "see column 'unit'", "upper end of the confidence interval", highs)
      .add("sd", "see column 'unit'", "standard deviation over replicates", sds)
      .add("n", "replicates", "replicates where the output is defined", ns);
  return table;
}

io::Table sobol_table(const SweepPlan& plan, const TaskResults& results, double level) {
  io::Table table;
  if (plan.method != "sobol") return table;
  const std::size_t dims = plan.parameter_names.size();
  std::vector<std::string> outputs, parameters;
  std::vector<double> first, first_low, first_high, total, total_low, total_high;
  for (const std::string& output : plan.outputs) {
    const std::vector<double> y = point_means(plan, results, headline_index(plan, output));
    stats::SobolIndices s;
    bool defined = true;
    for (double v : y) defined = defined && std::isfinite(v);
    if (defined) {
      try {
        // The bootstrap seed is the sweep's: the intervals repeat exactly.
        s = stats::sobol_indices(y, plan.base_samples, dims, plan.bootstrap, level, plan.seed);
      } catch (const std::invalid_argument&) {
        defined = false;  // e.g. an output constant over the design: no variance to share
      }
    }
    for (std::size_t d = 0; d < dims; ++d) {
      const double nan = std::nan("");
      outputs.push_back(output);
      parameters.push_back(plan.parameter_names[d]);
      first.push_back(defined ? s.first[d] : nan);
      first_low.push_back(defined ? s.first_low[d] : nan);
      first_high.push_back(defined ? s.first_high[d] : nan);
      total.push_back(defined ? s.total[d] : nan);
      total_low.push_back(defined ? s.total_low[d] : nan);
      total_high.push_back(defined ? s.total_high[d] : nan);
    }
  }
  table.add("output", "", "headline name", outputs)
      .add("parameter", "", "swept parameter", parameters)
      .add("first", "1",
           "first-order Sobol index (Saltelli 2010 estimator) of the per-point "
           "mean; NaN where the output is undefined or constant",
           first)
      .add("first_low", "1", "lower end of the bootstrap percentile interval", first_low)
      .add("first_high", "1", "upper end of the bootstrap percentile interval", first_high)
      .add("total", "1", "total-order Sobol index (Jansen 1999 estimator)", total)
      .add("total_low", "1", "lower end of the bootstrap percentile interval", total_low)
      .add("total_high", "1", "upper end of the bootstrap percentile interval", total_high);
  return table;
}

}  // namespace spipsim::experiment
