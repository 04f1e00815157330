#include "sim/params/parameter_spec.hpp"

namespace spipsim::params {

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Real:
      return "real";
    case Kind::Integer:
      return "integer";
    case Kind::Boolean:
      return "boolean";
    case Kind::Choice:
      return "choice";
    case Kind::Text:
      return "text";
    case Kind::Date:
      return "date";
  }
  return "unknown";
}

bool is_path(const ParameterSpec& spec) {
  return spec.kind == Kind::Text && spec.unit == "path";
}

std::vector<std::string_view> choice_names(const ParameterSpec& spec) {
  std::vector<std::string_view> names;
  std::string_view rest = spec.choices;
  while (!rest.empty()) {
    std::size_t bar = rest.find('|');
    names.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return names;
}

std::optional<std::size_t> choice_index(const ParameterSpec& spec, std::string_view name) {
  std::vector<std::string_view> names = choice_names(spec);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  return std::nullopt;
}

std::string_view section_of(std::string_view name) {
  std::size_t dot = name.find('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(0, dot);
}

}  // namespace spipsim::params
