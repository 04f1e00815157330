#pragma once
// A TOML value from a scenario file checked against a parameter's spec. Kept apart from
// value_check.hpp so that only the scenario loader compiles against toml++.
#include "sim/params/toml.hpp"

#include <filesystem>
#include <string>

#include "sim/params/parameter_spec.hpp"
#include "sim/params/value_check.hpp"

namespace spipsim::params {

// "a string", "an integer", "a date-time", ...: what a file wrote, for "got ..." messages.
std::string toml_type_phrase(toml::node_type type);

// Integers are accepted for Real parameters, strings and TOML dates for Date parameters;
// path Text values are made absolute against `base_dir`.
ValueCheck check_toml_value(const ParameterSpec& spec, const toml::node& node,
                            const std::filesystem::path& base_dir);

}  // namespace spipsim::params
