#include "sim/params/value_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace spipsim::params {

std::string format_number(double number) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
  return ec == std::errc{} ? std::string(buf, end) : std::string("nan");
}

std::string display_value(const ParameterSpec& spec, const Value& value) {
  switch (spec.kind) {
    case Kind::Real:
    case Kind::Integer:
      return format_number(value.number);
    case Kind::Boolean:
      return value.number != 0.0 ? "true" : "false";
    case Kind::Choice: {
      auto names = choice_names(spec);
      auto index = static_cast<std::size_t>(value.number);
      return index < names.size() ? std::string(names[index]) : format_number(value.number);
    }
    case Kind::Text:
    case Kind::Date:
      return value.text;
  }
  return {};
}

std::string bounds_text(const ParameterSpec& spec) {
  if (spec.kind != Kind::Real && spec.kind != Kind::Integer) return {};
  std::string text = "between ";
  text.append(format_number(spec.min)).append(" and ").append(format_number(spec.max));
  if (!spec.unit.empty()) text.append(" ").append(spec.unit);
  return text;
}

std::string toml_literal(const ParameterSpec& spec, const Value& value) {
  switch (spec.kind) {
    case Kind::Real: {
      if (std::isnan(value.number)) return "nan";
      if (std::isinf(value.number)) return value.number > 0 ? "inf" : "-inf";
      std::string text = format_number(value.number);
      // A bare "10" would read back as a TOML integer; say it is a real.
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return text;
    }
    case Kind::Integer:
      return std::to_string(static_cast<long long>(value.number));
    case Kind::Boolean:
    case Kind::Choice:
    case Kind::Text: {
      std::string shown = display_value(spec, value);
      return spec.kind == Kind::Boolean ? shown : toml_quoted(shown);
    }
    case Kind::Date:
      return value.text;
  }
  return {};
}

std::string toml_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;  // UTF-8 bytes pass through: TOML files are UTF-8
        }
    }
  }
  return out + "\"";
}

}  // namespace spipsim::params
