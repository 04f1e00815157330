#include "sim/serve/scenario_draft.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <sstream>

#include "sim/engine/sim_time.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::serve {

namespace fs = std::filesystem;
using params::Diagnostic;

namespace {

Diagnostic problem(std::string key, std::string rule, std::string hint = {}) {
  return Diagnostic{"<workbench>", 0, 0, std::move(key), std::move(rule), std::move(hint)};
}

// The key's checked TOML literal, or its problems. File paths are not editable from a
// request: a page must not make the server read a file outside the workspace.
std::optional<std::string> checked_literal(params::Scenario& scratch, const std::string& key,
                                           const std::string& text,
                                           std::vector<Diagnostic>& problems) {
  const std::optional<params::ParamId> id = params::find_param(key);
  if (id && params::is_path(scratch.values.spec(*id))) {
    problems.push_back(problem(key, "file paths cannot be set from the workbench",
                               "edit the scenario's TOML file instead"));
    return std::nullopt;
  }
  try {
    params::apply_override(scratch, key, text);
  } catch (const params::ScenarioError& error) {
    for (const Diagnostic& d : error.diagnostics) problems.push_back(problem(d.key, d.rule, d.hint));
    return std::nullopt;
  }
  return params::toml_literal(scratch.values.spec(*id), scratch.values.value(*id));
}

// "[section]\nkey = value\n" blocks, in table order of first appearance.
std::string toml_tables(const std::vector<std::pair<std::string, std::string>>& lines) {
  std::map<std::string, std::vector<std::string>> by_section;
  std::vector<std::string> order;
  for (const auto& [key, literal] : lines) {
    const std::string section(params::section_of(key));
    if (!by_section.count(section)) order.push_back(section);
    by_section[section].push_back(key.substr(section.size() + 1) + " = " + literal);
  }
  std::string out;
  for (const std::string& section : order) {
    out += "\n[" + section + "]\n";
    for (const std::string& line : by_section[section]) out += line + "\n";
  }
  return out;
}

}  // namespace

DraftCheck check_draft(const ScenarioDraft& draft, const ScenarioLibrary& library,
                       const Workspace& workspace) {
  DraftCheck check;
  if (!is_safe_name(draft.name))
    check.problems.push_back(problem("name", "not a valid scenario name",
                                     "1 to 64 letters, digits, '-' or '_'"));
  const std::optional<ScenarioEntry> base = library.find(draft.base);
  if (!base) {
    check.problems.push_back(problem("base", "unknown base scenario '" + draft.base + "'",
                                     "choose one from the library"));
    return check;
  }
  if (!base->problem.empty()) {
    check.problems.push_back(problem("base", "the base does not load: " + base->problem));
    return check;
  }
  const params::Scenario base_scenario = params::load_scenario(base->path);

  // Values: each checked as on the command line; only those that differ from the base kept.
  params::Scenario scratch = base_scenario;
  std::vector<std::pair<std::string, std::string>> lines;
  for (const auto& [key, text] : draft.values) {
    const std::size_t before = check.problems.size();
    const std::optional<std::string> literal = checked_literal(scratch, key, text, check.problems);
    if (!literal) continue;
    const params::ParamId id = *params::find_param(key);
    if (scratch.values.value(id) == base_scenario.values.value(id)) continue;
    if (check.problems.size() == before) lines.emplace_back(key, *literal);
  }

  // Dated changes: the date's form here, the values as above (on a copy, so that they do
  // not count as start values); the timeline rules (which keys, which dates) are the
  // loader's, below.
  std::string timeline;
  for (std::size_t i = 0; i < draft.changes.size(); ++i) {
    const DraftChange& change = draft.changes[i];
    std::chrono::year_month_day date{};
    if (!engine::parse_iso_date(change.at, date)) {
      check.problems.push_back(problem("change[" + std::to_string(i) + "].at",
                                       "not a date: '" + change.at + "'", "write YYYY-MM-DD"));
      continue;
    }
    std::vector<std::pair<std::string, std::string>> sets;
    params::Scenario copy = base_scenario;
    for (const auto& [key, text] : change.sets)
      if (auto literal = checked_literal(copy, key, text, check.problems))
        sets.emplace_back(key, *literal);
    timeline += "\n[[change]]\nat = " + change.at + "\n";
    for (const auto& [key, literal] : sets) timeline += key + " = " + literal + "\n";
  }
  if (!check.problems.empty()) return check;

  // A shipped base is named by its absolute path, a workspace one by its file name (the
  // saved file sits next to it).
  const std::string extends = base->origin == "shipped" ? base->path.string()
                                                        : base->path.filename().string();
  std::string toml = "# Written by the spipsim workbench: extends its base and sets only what "
                     "differs from it.\n";
  toml += "description = " + params::toml_quoted(draft.description) + "\n";
  toml += "extends = " + params::toml_quoted(extends) + "\n";
  toml += toml_tables(lines);
  toml += timeline;

  // The loader's own checks (timeline keys and dates, cross-parameter rules) on the file as
  // it would be saved, in the folder it would be saved in, under a hidden scratch name.
  static std::atomic<unsigned long> counter{0};
  const fs::path scratch_file = workspace.scenarios_dir() /
                                (".draft-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(counter.fetch_add(1)) + ".toml");
  try {
    write_file_atomically(scratch_file, toml);
    params::Scenario loaded = params::load_scenario(scratch_file);
    loaded.name = draft.name;
    check.scenario = std::move(loaded);
    check.toml = toml;
  } catch (const params::ScenarioError& error) {
    for (const Diagnostic& d : error.diagnostics) check.problems.push_back(problem(d.key, d.rule, d.hint));
  } catch (const std::exception& error) {
    check.problems.push_back(problem("", error.what()));
  }
  std::error_code ec;
  fs::remove(scratch_file, ec);
  return check;
}

DraftCheck save_draft(const ScenarioDraft& draft, const ScenarioLibrary& library,
                      const Workspace& workspace) {
  if (library.is_shipped(draft.name)) {
    DraftCheck refused;
    refused.problems.push_back(problem("name", "'" + draft.name + "' is a shipped scenario",
                                       "choose another name"));
    return refused;
  }
  // Saving over the base, or over a scenario the base extends, would make the file extend
  // itself: a cycle the loader refuses, and the old file lost.
  for (std::optional<ScenarioEntry> ancestor = library.find(draft.base);
       ancestor && ancestor->origin == "workspace"; ancestor = library.find(ancestor->extends))
    if (ancestor->name == draft.name) {
      DraftCheck refused;
      refused.problems.push_back(problem("name", "saving as '" + draft.name +
                                                     "' would make it extend itself",
                                         "choose another name"));
      return refused;
    }
  DraftCheck check = check_draft(draft, library, workspace);
  if (!check.problems.empty()) return check;
  write_file_atomically(*workspace.scenario_file(draft.name), check.toml);
  return check;
}

}  // namespace spipsim::serve
