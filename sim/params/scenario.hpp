#pragma once
// A scenario: every parameter's value plus a dated policy timeline, loaded from a TOML file
// that may extend another. See load_scenario() for the file format.
#include <chrono>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/params/diagnostic.hpp"
#include "sim/params/parameter_spec.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::params {

// One dated step of the policy timeline: on `at`, the model sets each parameter in `sets`.
struct TimelineChange {
  std::chrono::year_month_day at;
  std::vector<std::pair<ParamId, Value>> sets;  // each valid for its parameter
  std::string where;                            // "file:line" of the [[change]] header
};

struct Scenario {
  std::filesystem::path path;  // absolute path of the file that was loaded
  std::string name;            // its stem: "baseline-france"
  std::string description;
  Parameters values;                     // values on run.start_date
  std::vector<TimelineChange> timeline;  // sorted by date; same-day changes keep file order

  // Canonical TOML of the whole scenario: description, every parameter's final value grouped
  // by section (unit as a comment), and the timeline as [[change]] tables. It has no
  // `extends` and its paths are absolute, so it loads back, from anywhere, to a scenario with
  // the same description, values and timeline. Run manifests store it.
  std::string resolved_toml() const;
};

// Loads a scenario file and the chain of files it extends. Format:
//
//   description = """What this scenario is for and what it should show."""
//   extends = "baseline-france.toml"   # optional; relative to this file; chains allowed
//   [staffing]
//   officer_scale = 1.25               # any parameter: table path + key = its dotted name
//   [[change]]                         # the dated policy timeline
//   at = 2027-01-01
//   staffing.officer_scale = 1.2       # only parameters whose spec has timeline = true
//
// The parent is loaded first and the child overrides its values; the child's timeline is
// appended to the parent's, then stably sorted by date; the child's description wins if it
// has one. Text parameters with unit "path" are made absolute against the directory of the
// file that sets them (defaults against the current working directory).
//
// Throws ScenarioError listing every problem in the file and its parents, each with file,
// line, column, key, rule and hint. `table` defaults to the built-in table and must outlive
// the result.
Scenario load_scenario(const std::filesystem::path& file);
Scenario load_scenario(const std::filesystem::path& file, std::span<const ParameterSpec> table);

// A command-line override (e.g. --years 5): `value_text` is parsed by the parameter's kind
// and checked like a file value; paths are relative to the current working directory.
// Throws ScenarioError (file "<command line>") and leaves `scenario` unchanged on error.
void apply_override(Scenario& scenario, std::string_view name, std::string_view value_text);

// run.start_date, or nullopt when the table has no Date parameter of that name (small test
// tables). The policy timeline may not start before it.
std::optional<std::chrono::year_month_day> start_date(const Parameters& values);

}  // namespace spipsim::params
