#include "sim/params/scenario.hpp"

#include <algorithm>

#include "sim/params/did_you_mean.hpp"
#include "sim/params/value_check.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::params {
namespace {

// `key = literal  # unit`
std::string assignment(std::string_view key, const ParameterSpec& spec, const Value& value) {
  std::string line = std::string(key) + " = " + toml_literal(spec, value);
  if (!spec.unit.empty()) line += "  # " + std::string(spec.unit);
  return line + "\n";
}

// The key of a parameter inside its section's table ("officer_scale" in [staffing]).
std::string_view key_in_section(std::string_view name) {
  std::string_view section = section_of(name);
  return section.empty() ? name : name.substr(section.size() + 1);
}

ScenarioError command_line_error(std::string_view key, std::string rule, std::string hint) {
  return ScenarioError(
      {Diagnostic{"<command line>", 0, 0, std::string(key), std::move(rule), std::move(hint)}});
}

}  // namespace

std::string Scenario::resolved_toml() const {
  std::string out = "# Resolved scenario '" + name + "' from " + path.string() + ".\n" +
                    "# Every parameter's final value and the whole timeline: this file alone\n" +
                    "# reproduces the run.\n\n";
  out += "description = " + toml_quoted(description) + "\n";

  const std::span<const ParameterSpec> table = values.table();
  // Parameters without a section must come before the first [table] header.
  for (std::size_t i = 0; i < table.size(); ++i)
    if (section_of(table[i].name).empty())
      out += assignment(table[i].name, table[i], values.value(static_cast<ParamId>(i)));

  // Sections in order of first appearance in the table, parameters in table order.
  std::vector<std::string_view> sections;
  for (const ParameterSpec& spec : table) {
    std::string_view section = section_of(spec.name);
    if (!section.empty() && std::find(sections.begin(), sections.end(), section) == sections.end())
      sections.push_back(section);
  }
  for (std::string_view section : sections) {
    out += "\n[" + std::string(section) + "]\n";
    for (std::size_t i = 0; i < table.size(); ++i)
      if (section_of(table[i].name) == section)
        out += assignment(key_in_section(table[i].name), table[i],
                          values.value(static_cast<ParamId>(i)));
  }

  for (const TimelineChange& change : timeline) {
    out += "\n[[change]]\nat = " + date_value(change.at).text + "  # from " + change.where + "\n";
    for (const auto& [id, value] : change.sets) {
      const ParameterSpec& spec = values.spec(id);
      out += assignment(spec.name, spec, value);
    }
  }
  return out;
}

void apply_override(Scenario& scenario, std::string_view name, std::string_view value_text) {
  const std::span<const ParameterSpec> table = scenario.values.table();
  const std::optional<ParamId> id = find_param(name, table);
  if (!id)
    throw command_line_error(name, "unknown parameter",
                             unknown_parameter_hint(name, parameter_names(table)));
  const ParameterSpec& spec = table[index_of(*id)];
  ValueCheck check = check_text_value(spec, value_text, std::filesystem::current_path());
  if (!check.value) throw command_line_error(name, check.rule, check.hint);

  Parameters changed = scenario.values;
  changed.set(*id, std::move(*check.value));
  // A later start date may leave timeline changes before it: the same rule as in files.
  if (const auto start = start_date(changed)) {
    std::vector<Diagnostic> problems;
    for (const TimelineChange& change : scenario.timeline)
      if (change.at < *start)
        problems.push_back(Diagnostic{"<command line>", 0, 0, std::string(name),
                                      "start date " + date_value(*start).text +
                                          " is after the timeline change at " +
                                          date_value(change.at).text + " (" + change.where + ")",
                                      "choose a start date on or before the first change"});
    if (!problems.empty()) throw ScenarioError(std::move(problems));
  }
  scenario.values = std::move(changed);
}

std::optional<std::chrono::year_month_day> start_date(const Parameters& values) {
  const std::optional<ParamId> id = find_param("run.start_date", values.table());
  if (!id || values.spec(*id).kind != Kind::Date) return std::nullopt;
  return values.date(*id);
}

}  // namespace spipsim::params
