#pragma once
// The scenarios a planner can start from: the shipped ones (scenarios/*.toml of the source
// tree, read-only) and their own (<workspace>/scenarios/*.toml). Each is described by what
// its file says: description, the scenario it extends, and the values and dated changes it
// sets itself (not those it inherits).
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/serve/workspace.hpp"

namespace spipsim::serve {

struct ScenarioEntry {
  std::string name;    // file stem; the key the page uses
  std::string origin;  // "shipped" or "workspace"
  std::filesystem::path path;
  std::string description;
  std::string extends;  // stem of the parent file; empty when it extends nothing
  std::vector<std::pair<std::string, std::string>> sets;  // dotted key, TOML value text
  int dated_changes = 0;                                  // [[change]] tables in the file
  std::string problem;  // non-empty when the file does not load (first diagnostic)
};

class ScenarioLibrary {
 public:
  ScenarioLibrary(std::filesystem::path shipped_dir, const Workspace& workspace);

  // Shipped first, then the workspace's, each sorted by name. Files whose stem is not a
  // safe name (hidden scratch files among them) are not listed.
  std::vector<ScenarioEntry> list() const;
  // The file of a listed scenario, or nullopt (unsafe or unknown name).
  std::optional<ScenarioEntry> find(const std::string& name) const;
  bool is_shipped(const std::string& name) const;

 private:
  std::filesystem::path shipped_dir_;
  const Workspace& workspace_;
};

// Reads one file's own settings (no extends chain); the description comes from loading it.
ScenarioEntry describe_scenario(const std::filesystem::path& path, std::string origin);

}  // namespace spipsim::serve
