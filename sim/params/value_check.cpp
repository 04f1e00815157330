#include "sim/params/value_check.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "sim/engine/sim_time.hpp"
#include "sim/params/did_you_mean.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::params {
namespace {

// 'text' in single quotes. Built by appending: GCC 12 gives a false -Wrestrict warning for
// "'" + std::string(...) once inlined.
std::string in_quotes(std::string_view text) {
  std::string out = "'";
  out.append(text).append("'");
  return out;
}

ValueCheck ok(Value v) {
  return ValueCheck{std::move(v), {}, {}};
}

ValueCheck fail(std::string rule, std::string hint = {}) {
  return ValueCheck{std::nullopt, std::move(rule), std::move(hint)};
}

std::string listed_choices(const ParameterSpec& spec, bool quoted) {
  std::string text;
  for (std::string_view name : choice_names(spec)) {
    if (!text.empty()) text += ", ";
    if (quoted) text += '"';
    text += name;
    if (quoted) text += '"';
  }
  return text;
}

ValueCheck invalid_date(std::string_view text) {
  return fail("invalid date " + in_quotes(text),
              "write a calendar date as YYYY-MM-DD, e.g. 2025-01-01");
}

}  // namespace

std::string expected_phrase(const ParameterSpec& spec) {
  switch (spec.kind) {
    case Kind::Real:
      return "a number";
    case Kind::Integer:
      return "an integer";
    case Kind::Boolean:
      return "true or false";
    case Kind::Choice:
      return "one of " + listed_choices(spec, true);
    case Kind::Text:
      return is_path(spec) ? "a string (a file path)" : "a string";
    case Kind::Date:
      return "a date (YYYY-MM-DD, unquoted)";
  }
  return {};
}

ValueCheck wrong_type(const ParameterSpec& spec, std::string_view got) {
  std::string hint;
  if (spec.kind == Kind::Integer && got == "a floating-point number")
    hint = "write a whole number without a decimal point";
  else if (spec.kind == Kind::Choice || spec.kind == Kind::Text)
    hint = "put the value in double quotes";
  else if (spec.kind == Kind::Date)
    hint = "write the date without quotes, e.g. 2025-01-01";
  // The wording of every value of the wrong type (TomlDocument::type_rule), with the kind.
  return fail("must be " + expected_phrase(spec) + " (" + std::string(kind_name(spec.kind)) +
                  " parameter), got " + std::string(got),
              hint);
}

ValueCheck check_number(const ParameterSpec& spec, double number, std::string_view written) {
  if (spec.kind != Kind::Real && spec.kind != Kind::Integer) return wrong_type(spec, "a number");
  if (spec.kind == Kind::Integer && std::isfinite(number) && number != std::floor(number))
    return wrong_type(spec, "a floating-point number");
  // Written so that NaN fails too.
  if (!(number >= spec.min && number <= spec.max))
    return fail("value " + (written.empty() ? format_number(number) : std::string(written)) +
                " must be " + bounds_text(spec));
  return ok(Value{number, {}});
}

ValueCheck check_flag(const ParameterSpec& spec, bool flag) {
  if (spec.kind != Kind::Boolean) return wrong_type(spec, "a boolean");
  return ok(Value{flag ? 1.0 : 0.0, {}});
}

ValueCheck check_date(const ParameterSpec& spec, std::chrono::year_month_day date) {
  if (spec.kind != Kind::Date) return wrong_type(spec, "a date");
  if (!date.ok()) return invalid_date(date_value(date).text);
  return ok(date_value(date));
}

ValueCheck check_string(const ParameterSpec& spec, std::string_view text,
                        const std::filesystem::path& base_dir) {
  switch (spec.kind) {
    case Kind::Choice: {
      if (auto index = choice_index(spec, text)) return ok(Value{static_cast<double>(*index), {}});
      std::string hint = "allowed: " + listed_choices(spec, false);
      std::string guess = did_you_mean(text, choice_names(spec));
      if (!guess.empty()) hint += "; " + guess;
      return fail("unknown choice " + in_quotes(text), hint);
    }
    case Kind::Text: {
      std::filesystem::path path(text);
      // A path is stored absolute so that a scenario means the same from any directory and
      // from any file that extends it.
      if (is_path(spec) && !text.empty() && path.is_relative())
        return ok(Value{0.0, (base_dir / path).lexically_normal().string()});
      return ok(Value{0.0, std::string(text)});
    }
    case Kind::Date: {
      std::chrono::year_month_day date{};
      if (!engine::parse_iso_date(std::string(text), date)) return invalid_date(text);
      return check_date(spec, date);
    }
    default:
      return wrong_type(spec, "a string");
  }
}

ValueCheck check_text_value(const ParameterSpec& spec, std::string_view text,
                            const std::filesystem::path& base_dir) {
  switch (spec.kind) {
    case Kind::Real:
    case Kind::Integer: {
      double number = 0.0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
        return fail(in_quotes(text) + " is not a number", "expected " + expected_phrase(spec));
      return check_number(spec, number, text);
    }
    case Kind::Boolean:
      if (text == "true" || text == "1") return check_flag(spec, true);
      if (text == "false" || text == "0") return check_flag(spec, false);
      return fail(in_quotes(text) + " is not a boolean", "write true or false");
    default:
      return check_string(spec, text, base_dir);
  }
}

}  // namespace spipsim::params
