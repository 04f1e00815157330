#include "sim/experiment/sweep/sweep_plan.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/engine/content_hash.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/io/run_manifest.hpp"
#include "sim/params/value_text.hpp"
#include "sim/stats/sampling_design.hpp"

namespace spipsim::experiment {
namespace {

const params::ParameterSpec& spec_of(params::ParamId id) {
  return params::parameter_table()[params::index_of(id)];
}

// A unit-interval coordinate mapped onto [min, max]; integers rounded and kept in range.
params::Value scaled(const SweepParameter& p, double unit) {
  double v = p.min + unit * (p.max - p.min);
  if (spec_of(p.id).kind == params::Kind::Integer) v = std::round(v);
  return params::Value{std::clamp(v, p.min, p.max), ""};
}

SweepPoints from_unit_design(const SweepDesign& design, const stats::UnitDesign& unit) {
  SweepPoints points;
  points.values.reserve(unit.rows());
  for (std::size_t row = 0; row < unit.rows(); ++row) {
    std::vector<params::Value> values;
    for (std::size_t d = 0; d < design.parameters.size(); ++d)
      values.push_back(scaled(design.parameters[d], unit(row, d)));
    points.values.push_back(std::move(values));
  }
  return points;
}

SweepPoints grid(const SweepDesign& design) {
  SweepPoints points;
  std::size_t total = 1;
  for (const SweepParameter& p : design.parameters) total *= p.levels.size();
  for (std::size_t k = 0; k < total; ++k) {
    std::vector<params::Value> values(design.parameters.size());
    std::size_t rest = k;
    for (std::size_t d = design.parameters.size(); d-- > 0;) {
      const auto& levels = design.parameters[d].levels;
      values[d] = levels[rest % levels.size()];
      rest /= levels.size();
    }
    points.values.push_back(std::move(values));
  }
  return points;
}

// The numbers of a point table column, for the fingerprint.
void hash_column(engine::ContentHash& hash, const io::Column& column) {
  hash.text(column.name);
  std::visit(
      [&](const auto& values) {
        for (const auto& v : values) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
            hash.text(v);
          else if constexpr (std::is_same_v<std::decay_t<decltype(v)>, double>)
            hash.number(v);
          else
            hash.number(static_cast<std::uint64_t>(v));
        }
      },
      column.values);
}

}  // namespace

SweepPoints generate_points(const SweepDesign& design, std::uint64_t seed) {
  const std::size_t dims = design.parameters.size();
  switch (design.method) {
    case SweepMethod::Grid:
      return grid(design);
    case SweepMethod::LatinHypercube:
      return from_unit_design(design, stats::latin_hypercube(design.points, dims, seed));
    case SweepMethod::Sobol: {
      SweepPoints points =
          from_unit_design(design, stats::saltelli_design(design.base_samples, dims));
      for (std::size_t block = 0; block < dims + 2; ++block) {
        const std::string name = block == 0   ? "A"
                                 : block == 1 ? "B"
                                              : "AB_" + std::to_string(block - 1);
        points.blocks.insert(points.blocks.end(), design.base_samples, name);
      }
      return points;
    }
  }
  throw std::logic_error("unknown sweep method");
}

std::vector<HeadlineSpec> headline_specs() {
  std::vector<HeadlineSpec> specs;
  for (const Headline& h : summarise({}).headlines) specs.push_back({h.name, h.label, h.unit});
  return specs;
}

SweepPlan make_plan(const SweepDesign& design, const params::Scenario& base,
                    const SweepPoints& points) {
  SweepPlan plan;
  plan.design_name = design.name;
  plan.design_description = design.description;
  plan.design_text = design.text;
  plan.method = std::string(method_name(design.method));
  plan.scenario_name = base.name;
  plan.scenario_text = base.resolved_toml();
  plan.scenario_description = base.description;
  plan.seed = static_cast<std::uint64_t>(base.values.integer(params::ParamId::run_seed));
  plan.replicates =
      static_cast<std::uint32_t>(base.values.integer(params::ParamId::run_replicates));
  plan.years = base.values.real(params::ParamId::run_years);
  if (design.method == SweepMethod::Sobol) {
    plan.base_samples = design.base_samples;
    plan.bootstrap = design.bootstrap;
  }
  plan.outputs = design.outputs;
  plan.headlines = headline_specs();

  std::vector<std::string> names, kinds, units, choices, descriptions;
  std::vector<double> mins, maxs;
  std::vector<std::int64_t> levels;
  for (const SweepParameter& p : design.parameters) {
    const params::ParameterSpec& spec = spec_of(p.id);
    plan.parameter_names.push_back(p.name);
    names.push_back(p.name);
    kinds.emplace_back(params::kind_name(spec.kind));
    units.emplace_back(spec.unit);
    choices.emplace_back(spec.choices);
    descriptions.emplace_back(spec.description);
    const bool listed = !p.levels.empty();
    double lo = p.min, hi = p.max;
    if (listed) {
      lo = hi = p.levels.front().number;
      for (const params::Value& v : p.levels) {
        lo = std::min(lo, v.number);
        hi = std::max(hi, v.number);
      }
    }
    mins.push_back(lo);
    maxs.push_back(hi);
    levels.push_back(static_cast<std::int64_t>(p.levels.size()));
  }
  plan.parameters.add("name", "", "parameter name, as in scenario files", names)
      .add("kind", "", "real, integer, boolean or choice", kinds)
      .add("unit", "", "unit of the parameter's values", units)
      .add("choices", "", "a choice parameter's names, '|'-separated, in index order", choices)
      .add("min", "see column 'unit'", "lowest value swept (choices and flags: index or 0/1)", mins)
      .add("max", "see column 'unit'", "highest value swept", maxs)
      .add("levels", "", "number of listed levels (grid designs); 0 for a continuous range", levels)
      .add("description", "", "what the parameter means", descriptions);

  const std::size_t count = points.values.size();
  std::vector<std::int64_t> ids(count);
  for (std::size_t i = 0; i < count; ++i) ids[i] = static_cast<std::int64_t>(i);
  plan.points.add("point", "", "point number; tasks are (point, replicate)", ids);
  if (!points.blocks.empty())
    plan.points.add("block", "", "Saltelli block: A, B, or AB_i (A with parameter i from B)",
                    points.blocks);
  for (std::size_t d = 0; d < design.parameters.size(); ++d) {
    const params::ParameterSpec& spec = spec_of(design.parameters[d].id);
    if (spec.kind == params::Kind::Choice) {
      std::vector<std::string> labels;
      for (const auto& v : points.values) labels.push_back(params::display_value(spec, v[d]));
      plan.points.add(design.parameters[d].name, "", std::string(spec.description), labels);
    } else {
      std::vector<double> numbers;
      for (const auto& v : points.values) numbers.push_back(v[d].number);
      plan.points.add(design.parameters[d].name,
                      spec.kind == params::Kind::Boolean ? "1" : std::string(spec.unit),
                      std::string(spec.description), numbers);
    }
  }

  // Everything that decides a task's values: the build, the scenario, the seed, the
  // replicates, the points and the headline list. Not the outputs of interest or the
  // bootstrap: they only change the analysis, so a journal stays usable across them.
  engine::ContentHash hash;
  hash.text(io::spipsim_version()).text(io::git_revision()).text(plan.scenario_text);
  hash.number(plan.seed).number(std::uint64_t{plan.replicates});
  for (const io::Column& column : plan.points.columns) hash_column(hash, column);
  for (const HeadlineSpec& h : plan.headlines) hash.text(h.name);
  plan.fingerprint = hash.value();
  return plan;
}

params::Scenario scenario_for_point(const params::Scenario& base, const SweepDesign& design,
                                    const SweepPoints& points, std::uint64_t point) {
  params::Scenario scenario = base;
  for (std::size_t d = 0; d < design.parameters.size(); ++d)
    scenario.values.set(design.parameters[d].id, points.values.at(point)[d]);
  return scenario;
}

Sweep make_sweep(SweepDesign design, params::Scenario base) {
  Sweep sweep{std::move(design), std::move(base), {}, {}};
  const auto seed =
      static_cast<std::uint64_t>(sweep.base.values.integer(params::ParamId::run_seed));
  sweep.points = generate_points(sweep.design, seed);
  sweep.plan = make_plan(sweep.design, sweep.base, sweep.points);
  return sweep;
}

std::vector<double> run_sweep_task(const Sweep& sweep, std::uint64_t task,
                                   const model::RunControl& control) {
  const std::uint32_t replicates = sweep.plan.replicates;
  const params::Scenario scenario =
      scenario_for_point(sweep.base, sweep.design, sweep.points, task / replicates);
  std::vector<model::ReplicateOutput> outputs;
  outputs.push_back(model::run_replicate(scenario, static_cast<std::uint32_t>(task % replicates),
                                         sweep.plan.seed, control));
  std::vector<double> values;
  for (const Headline& h : summarise(outputs).headlines) values.push_back(h.per_replicate.at(0));
  return values;
}

TaskResults::TaskResults(std::uint64_t task_count, std::size_t headline_count)
    : tasks(task_count),
      width(headline_count),
      values(task_count * headline_count, std::nan("")),
      done(task_count, 0) {}

void TaskResults::record(std::uint64_t task, std::span<const double> task_values) {
  if (task >= tasks || task_values.size() != width)
    throw std::out_of_range("task result out of range");
  std::copy(task_values.begin(), task_values.end(), values.begin() + std::ptrdiff_t(task * width));
  done[task] = 1;
}

std::span<const double> TaskResults::of(std::uint64_t task) const {
  return std::span<const double>(values).subspan(task * width, width);
}

std::uint64_t TaskResults::finished() const {
  return static_cast<std::uint64_t>(std::count(done.begin(), done.end(), std::uint8_t{1}));
}

}  // namespace spipsim::experiment
