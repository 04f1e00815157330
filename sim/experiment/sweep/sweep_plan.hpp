#pragma once
// What a sweep is, once its design file has been read and its points drawn: the points as
// parameter values, and the plan that a results file records (tables of parameters and
// points, headline specs, identity). Tasks are (point, replicate) pairs numbered
// task = point * replicates + replicate; task results are the headline figures of that
// replicate (experiment::summarise), in the order of SweepPlan::headlines.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/experiment/sweep/sweep_design.hpp"
#include "sim/io/table.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::experiment {

struct HeadlineSpec {
  std::string name, label, unit;
  bool operator==(const HeadlineSpec&) const = default;
};

// The points of a design in parameter space: values[point][parameter], and for Sobol
// designs the Saltelli block of each point ("A", "B", "AB_1", ...; empty otherwise).
struct SweepPoints {
  std::vector<std::vector<params::Value>> values;
  std::vector<std::string> blocks;
};

// Grid: every combination of levels, the last parameter varying fastest. Latin hypercube:
// design.points points (seeded by the sweep's seed). Sobol: the Saltelli design with
// design.base_samples base samples. Integer parameters are rounded.
SweepPoints generate_points(const SweepDesign& design, std::uint64_t seed);

// Everything the results file says about the design; merge reads it back from shards.
struct SweepPlan {
  std::string design_name, design_description, design_text, method;
  std::string scenario_name, scenario_text, scenario_description;
  std::uint64_t seed = 0;
  std::uint32_t replicates = 0;
  double years = 0.0;
  std::uint64_t base_samples = 0;  // sobol only
  std::uint32_t bootstrap = 0;     // sobol only
  std::vector<std::string> parameter_names;
  std::vector<std::string> outputs;     // of interest: Sobol indices and the console
  std::vector<HeadlineSpec> headlines;  // every task value, in order
  io::Table parameters;                 // one row per swept parameter
  io::Table points;                     // one row per point
  std::uint64_t fingerprint = 0;        // of everything that decides task results

  std::uint64_t point_count() const { return points.rows(); }
  std::uint64_t task_count() const { return point_count() * replicates; }
};

// `base` is the scenario every point starts from, with the design's [set] values and the
// command-line overrides already applied.
SweepPlan make_plan(const SweepDesign& design, const params::Scenario& base,
                    const SweepPoints& points);

// The scenario of one point: `base` with the point's values set.
params::Scenario scenario_for_point(const params::Scenario& base, const SweepDesign& design,
                                    const SweepPoints& points, std::uint64_t point);

// A sweep ready to run: its design, the scenario every point starts from, its points and
// its plan. Tasks read it from any thread; nothing in it changes while they run.
struct Sweep {
  SweepDesign design;
  params::Scenario base;
  SweepPoints points;
  SweepPlan plan;
};

// Draws the points (seeded by the base's run.seed) and makes the plan.
Sweep make_sweep(SweepDesign design, params::Scenario base);

// Runs task `task` (point task / replicates, replicate task % replicates) and returns its
// headline figures in plan order. Only these are kept, so memory stays flat however many
// tasks a sweep has.
std::vector<double> run_sweep_task(const Sweep& sweep, std::uint64_t task,
                                   const model::RunControl& control);

// The headline names, labels and units, in the order tasks report them.
std::vector<HeadlineSpec> headline_specs();

// Results of finished tasks: values[task * width + k] for headline k.
struct TaskResults {
  std::uint64_t tasks = 0;
  std::size_t width = 0;
  std::vector<double> values;
  std::vector<std::uint8_t> done;

  TaskResults() = default;
  TaskResults(std::uint64_t task_count, std::size_t headline_count);
  void record(std::uint64_t task, std::span<const double> task_values);
  std::span<const double> of(std::uint64_t task) const;
  std::uint64_t finished() const;
};

}  // namespace spipsim::experiment
