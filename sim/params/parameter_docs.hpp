#pragma once
// Human documentation of the parameter table: docs/parameters.md and `spipsim params`.
// Generated from the table so the documentation cannot drift from the code.
#include <span>
#include <string>

#include "sim/params/parameter_spec.hpp"
#include "sim/params/parameter_table.hpp"

namespace spipsim::params {

// The content of docs/parameters.md: a title, a note that the file is generated, then one
// table per section (first dotted component, in table order) with columns name, type,
// default, unit, bounds, timeline, description, source.
std::string parameters_markdown(std::span<const ParameterSpec> table = parameter_table());

// A plain listing aligned in columns, each parameter followed by its description, its
// choices (Choice parameters) and its source.
std::string parameters_text(std::span<const ParameterSpec> table = parameter_table());

}  // namespace spipsim::params
