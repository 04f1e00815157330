#pragma once
// Turning one input (a TOML scalar already classified by the loader, or command-line text)
// into a Value for a given parameter, with the rule and hint to report when it is not valid.
// Shared by scenario files and command-line overrides so both apply the same rules.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "sim/params/parameter_spec.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::params {

struct ValueCheck {
  std::optional<Value> value;  // set when the input is valid
  std::string rule;            // otherwise: what is wrong ...
  std::string hint;            // ... and what to do
};

// What a parameter accepts, for "expected ..." messages: "a number", "an integer",
// "true or false", "one of \"a\", \"b\"", "a string", "a date (YYYY-MM-DD, unquoted)".
std::string expected_phrase(const ParameterSpec& spec);

// Rule text for an input of the wrong type; `got` names what was written ("a string").
ValueCheck wrong_type(const ParameterSpec& spec, std::string_view got);

// A number for a Real or Integer parameter: integral for Integer, within the bounds.
// `written` is the number as the user wrote it, echoed in messages when given: a double
// cannot hold every integer above 2^53, and a seed of 18446744073709551615 must not be
// echoed as 18446744073709551616.
ValueCheck check_number(const ParameterSpec& spec, double number, std::string_view written = {});

ValueCheck check_flag(const ParameterSpec& spec, bool flag);

ValueCheck check_date(const ParameterSpec& spec, std::chrono::year_month_day date);

// A string for a Choice (one of the choices), Text (path parameters are made absolute
// against `base_dir`, which must be absolute) or Date ("YYYY-MM-DD") parameter.
ValueCheck check_string(const ParameterSpec& spec, std::string_view text,
                        const std::filesystem::path& base_dir);

// Command-line text parsed by the parameter's kind, then checked like a file value.
ValueCheck check_text_value(const ParameterSpec& spec, std::string_view text,
                            const std::filesystem::path& base_dir);

}  // namespace spipsim::params
