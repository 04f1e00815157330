#pragma once
// The description of one model parameter: one row of the parameter table. Scenario loading,
// validation, `spipsim params` and docs/parameters.md are all derived from these rows, so a
// parameter is declared exactly once (in parameters.def).
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace spipsim::params {

enum class Kind { Real, Integer, Boolean, Choice, Text, Date };

struct ParameterSpec {
  std::string_view name;  // dotted TOML path, e.g. "staffing.officer_scale"
  Kind kind;
  double default_value;           // Real/Integer, Boolean as 0/1, Choice as an index into choices
  std::string_view default_text;  // Text, Date as "YYYY-MM-DD"; unused otherwise
  std::string_view unit;          // "path" marks a Text parameter holding a file path
  double min;                     // inclusive bounds, Real and Integer only
  double max;
  std::string_view choices;  // Choice only: "round_robin|least_loaded|risk_points"
  std::string_view description;
  std::string_view source;  // a citation, or "assumption"
  bool timeline;            // may change on the dated policy timeline
};

// "real", "integer", "boolean", "choice", "text" or "date".
std::string_view kind_name(Kind kind);

// Text parameters whose unit is "path" are resolved relative to the file that sets them.
bool is_path(const ParameterSpec& spec);

// The allowed names of a Choice parameter, in index order.
std::vector<std::string_view> choice_names(const ParameterSpec& spec);

// Index of `name` among the choices of `spec`, if it is one of them.
std::optional<std::size_t> choice_index(const ParameterSpec& spec, std::string_view name);

// The section a parameter is listed under: the first dotted component ("" if none).
std::string_view section_of(std::string_view name);

}  // namespace spipsim::params
