#pragma once
// Text forms of parameter values: for people (docs, messages) and for TOML (resolved
// scenarios). TOML forms round-trip exactly: loading the text gives back the same Value.
#include <string>
#include <string_view>

#include "sim/params/parameter_spec.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::params {

// Shortest text that reads back as the same double ("10", "0.1", "1e+20").
std::string format_number(double number);

// For people: 1.25, 3, true, least_loaded, 2025-01-01, /abs/path.csv.
std::string display_value(const ParameterSpec& spec, const Value& value);

// For people: "between 0.1 and 10 factor"; empty for kinds without bounds.
std::string bounds_text(const ParameterSpec& spec);

// A TOML value literal: 1.25 (always with a '.' or exponent for Real), 3, true,
// "least_loaded", "text", 2025-01-01.
std::string toml_literal(const ParameterSpec& spec, const Value& value);

// A TOML basic string with quotes and escapes.
std::string toml_quoted(std::string_view text);

}  // namespace spipsim::params
