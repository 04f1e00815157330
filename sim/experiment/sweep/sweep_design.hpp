#pragma once
// A sweep design file: which parameters vary, over what, by which method, with how many
// replicates, and which outputs matter. Format (every key is checked; unknown keys are
// errors, all problems reported at once like a scenario file):
//
//   description = "Staffing x digital tools on one site"
//   scenario = "../small-site.toml"     # relative to this file
//   method = "grid"                     # "grid", "latin_hypercube" or "sobol"
//   replicates = 4                      # optional: default the scenario's run.replicates
//   seed = 7                            # optional: default the scenario's run.seed
//   points = 64                         # latin_hypercube only: number of points
//   base_samples = 32                   # sobol only: N; the design has N * (d + 2) points
//   bootstrap = 1000                    # sobol only: bootstrap resamples of the indices
//   outputs = ["reconviction_1y"]       # headline names of interest (default: a core set)
//   [set]                               # optional: parameters fixed for every point
//   run.years = 4
//   [[parameter]]
//   name = "staffing.officer_scale"
//   values = [1.0, 1.25, 1.5]           # grid: the levels (numbers, choice names, booleans)
//   # or: min = 0.8, max = 1.6 (and levels = 5 for a grid)
//
// Integer parameters in continuous designs are rounded to the nearest integer.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/params/parameter_table.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::experiment {

enum class SweepMethod { Grid, LatinHypercube, Sobol };

// "grid", "latin_hypercube", "sobol": the spelling of the design file and the manifest.
std::string_view method_name(SweepMethod method);

struct SweepParameter {
  params::ParamId id{};
  std::string name;
  std::vector<params::Value> levels;  // grid: the levels, in order
  double min = 0.0;                   // latin_hypercube and sobol: the range
  double max = 0.0;
};

struct SweepDesign {
  std::filesystem::path path;  // absolute
  std::string name;            // file stem
  std::string description;
  std::string text;  // the file as read, for the manifest
  std::filesystem::path scenario;
  SweepMethod method = SweepMethod::Grid;
  std::optional<std::uint32_t> replicates;
  std::optional<std::uint64_t> seed;
  std::uint64_t points = 0;        // latin_hypercube
  std::uint64_t base_samples = 0;  // sobol
  std::uint32_t bootstrap = 1000;  // sobol
  std::vector<std::string> outputs;
  std::vector<std::pair<params::ParamId, params::Value>> fixed;  // [set]
  std::vector<SweepParameter> parameters;
};

// Outputs of interest when a design names none.
std::vector<std::string> default_sweep_outputs();

// Reads and checks a design file. Throws params::ScenarioError with one diagnostic (file,
// line, column, key, rule, hint) per problem.
SweepDesign load_sweep_design(const std::filesystem::path& file);

}  // namespace spipsim::experiment
