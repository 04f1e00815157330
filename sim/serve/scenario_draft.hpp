#pragma once
// A scenario being edited in the workbench: a base, a description, the values the planner
// typed (as text, exactly as on the command line) and dated changes. check_draft() applies
// the same validation as the command line and scenario files (params::apply_override, then
// params::load_scenario on the file it would save), so the page shows the same key, rule
// and hint. The TOML it saves extends the base and sets only what differs from it.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/params/diagnostic.hpp"
#include "sim/params/scenario.hpp"
#include "sim/serve/scenario_library.hpp"

namespace spipsim::serve {

struct DraftChange {
  std::string at;  // YYYY-MM-DD
  std::vector<std::pair<std::string, std::string>> sets;  // dotted key, value text
};

struct ScenarioDraft {
  std::string name;  // the file stem it will be saved as
  std::string base;  // name of a listed scenario
  std::string description;
  std::vector<std::pair<std::string, std::string>> values;  // dotted key, value text
  std::vector<DraftChange> changes;
};

struct DraftCheck {
  // Every problem; `key` is the parameter's dotted name, or "name", "base", "change[i].at".
  std::vector<params::Diagnostic> problems;
  std::string toml;  // what would be saved (empty when there are problems)
  std::optional<params::Scenario> scenario;  // the loaded result when there is no problem
};

// Checks the draft against the base; never writes outside <workspace>/scenarios and removes
// its scratch file before returning.
DraftCheck check_draft(const ScenarioDraft& draft, const ScenarioLibrary& library,
                       const Workspace& workspace);

// check_draft, then writes <workspace>/scenarios/<name>.toml atomically. A shipped name is
// refused (problem on "name"). Returns the check.
DraftCheck save_draft(const ScenarioDraft& draft, const ScenarioLibrary& library,
                      const Workspace& workspace);

}  // namespace spipsim::serve
