#include "sim/experiment/results/comparison_writer.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/experiment/results/results_writer.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/io/h5_file_writer.hpp"

namespace spipsim::experiment {
namespace {

constexpr const char* kRowUnit = "see column 'unit'";

// The cost per reconviction avoided is one figure with its own rule, not a row of base
// against variant: it goes on the comparison group as attributes.
void write_cost_effectiveness(io::H5FileWriter& writer, const std::string& group,
                              const CostPerReconvictionAvoided& e) {
  writer.attribute(group, "cost_per_reconviction_avoided", e.ratio.mean);
  writer.attribute(group, "cost_per_reconviction_avoided_lo", e.ratio.lo);
  writer.attribute(group, "cost_per_reconviction_avoided_hi", e.ratio.hi);
  writer.attribute(group, "cost_per_reconviction_avoided_n", e.ratio.n);
  writer.attribute(group, "cost_per_reconviction_avoided_method", ratio_method_key(e.method));
  writer.attribute(group, "cost_difference_per_year", e.cost_difference.mean);
  writer.attribute(group, "cost_difference_per_year_lo", e.cost_difference.lo);
  writer.attribute(group, "cost_difference_per_year_hi", e.cost_difference.hi);
  writer.attribute(group, "reconvictions_avoided_per_year", e.avoided.mean);
  writer.attribute(group, "reconvictions_avoided_per_year_lo", e.avoided.lo);
  writer.attribute(group, "reconvictions_avoided_per_year_hi", e.avoided.hi);
}

}  // namespace

io::Table comparison_table(const Comparison& comparison) {
  std::vector<std::string> name, label, unit;
  std::vector<double> base_mean, variant_mean, diff_mean, diff_lo, diff_hi, relative;
  std::vector<std::int64_t> n;
  for (const FigureComparison& f : comparison.figures) {
    name.push_back(f.name);
    label.push_back(f.label);
    unit.push_back(f.unit);
    base_mean.push_back(f.base.mean);
    variant_mean.push_back(f.variant.mean);
    diff_mean.push_back(f.difference.mean);
    diff_lo.push_back(f.difference.lo);
    diff_hi.push_back(f.difference.hi);
    relative.push_back(f.relative_change);
    n.push_back(static_cast<std::int64_t>(f.difference.n));
  }
  io::Table t;
  t.add("name", "", "machine name of the figure, as in /summary", std::move(name))
      .add("label", "", "human label", std::move(label))
      .add("unit", "", "unit of the means and differences; a share is in [0, 1]", std::move(unit))
      .add("base_mean", kRowUnit, "base: mean over its replicates", std::move(base_mean))
      .add("variant_mean", kRowUnit, "variant: mean over its replicates", std::move(variant_mean))
      .add("diff_mean", kRowUnit, "mean over replicates of variant - base (paired)",
           std::move(diff_mean))
      .add("diff_lo", kRowUnit, "lower bound of the 95% confidence interval of diff_mean",
           std::move(diff_lo))
      .add("diff_hi", kRowUnit, "upper bound of the 95% confidence interval of diff_mean",
           std::move(diff_hi))
      .add("relative_change", "1",
           "diff_mean / base mean over the same replicates; NaN when that mean is 0",
           std::move(relative))
      .add("n", "replicates", "replicates where both base and variant are defined", std::move(n));
  return t;
}

io::Table scenario_list_table(const std::vector<ScenarioResult>& scenarios) {
  std::vector<std::int64_t> index;
  std::vector<std::string> name, role, description, text;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    index.push_back(static_cast<std::int64_t>(i));
    name.push_back(scenarios[i].info.scenario);
    role.push_back(i == 0 ? "base" : "variant");
    description.push_back(scenarios[i].info.description);
    text.push_back(scenarios[i].info.resolved_toml);
  }
  io::Table t;
  t.add("index", "", "0 for the base, then the variants in command-line order", std::move(index))
      .add("name", "", "scenario name: the group under /scenarios and /comparison", std::move(name))
      .add("role", "", "base or variant", std::move(role))
      .add("description", "", "the scenario's description", std::move(description))
      .add("scenario_text", "",
           "the resolved scenario as TOML (seed, replicates and years as run); loadable alone",
           std::move(text));
  return t;
}

void write_comparison(const std::filesystem::path& path,
                      const std::vector<ScenarioResult>& scenarios,
                      const std::vector<Comparison>& comparisons,
                      const std::function<bool()>& cancelled) {
  if (scenarios.empty()) throw std::invalid_argument("write_comparison: no scenarios");
  const RunInfo& base = scenarios.front().info;
  io::H5FileWriter writer(path);
  // The base's manifest: a reader that knows only run files still finds a valid one.
  write_run_manifest(writer, base, "compare");
  writer.attribute("/manifest", "variants", static_cast<std::int64_t>(comparisons.size()));

  writer.table("/scenario_list", scenario_list_table(scenarios));
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioResult& s = scenarios[i];
    const std::string group = "/scenarios/" + s.info.scenario;
    write_run_tables(writer, group, s.info.start_date, s.analysis, s.sites);
    writer.attribute(group, "index", static_cast<std::int64_t>(i));
    writer.attribute(group, "role", i == 0 ? "base" : "variant");
  }
  for (const Comparison& c : comparisons) {
    const std::string group = "/comparison/" + c.variant;
    writer.table(group, comparison_table(c));
    writer.attribute(group, "base", c.base);
    writer.attribute(group, "variant", c.variant);
    writer.attribute(group, "method",
                     "paired over replicates run with the same seed (common random numbers): "
                     "variant - base per replicate, then the mean and its Student t interval");
    write_cost_effectiveness(writer, group, c.cost_per_reconviction);
  }

  if (cancelled && cancelled()) throw Interrupted();
  writer.commit();
}

}  // namespace spipsim::experiment
