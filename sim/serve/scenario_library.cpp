#include "sim/serve/scenario_library.hpp"

#include <algorithm>
#include <sstream>
#include "sim/params/toml.hpp"

#include "sim/params/scenario.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::serve {

namespace fs = std::filesystem;

namespace {

std::string value_text(const toml::node& node) {
  if (const auto* real = node.as_floating_point()) return params::format_number(real->get());
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << toml::toml_formatter{value}; });
  return out.str();
}

// Flattens the file's tables to dotted keys; `change` is the timeline, counted apart.
void collect(const toml::table& table, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& sets) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str())
                                            : prefix + "." + std::string(key.str());
    if (prefix.empty() && (name == "description" || name == "extends" || name == "change"))
      continue;
    if (const toml::table* sub = node.as_table())
      collect(*sub, name, sets);
    else
      sets.emplace_back(name, value_text(node));
  }
}

std::vector<ScenarioEntry> entries_in(const fs::path& dir, const std::string& origin) {
  std::vector<ScenarioEntry> entries;
  std::error_code ec;
  for (const fs::directory_entry& file : fs::directory_iterator(dir, ec)) {
    if (!file.is_regular_file() || file.path().extension() != ".toml") continue;
    if (!is_safe_name(file.path().stem().string())) continue;
    entries.push_back(describe_scenario(file.path(), origin));
  }
  std::sort(entries.begin(), entries.end(),
            [](const ScenarioEntry& a, const ScenarioEntry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace

ScenarioEntry describe_scenario(const fs::path& path, std::string origin) {
  ScenarioEntry entry;
  entry.name = path.stem().string();
  entry.origin = std::move(origin);
  entry.path = path;
  try {
    const toml::table root = toml::parse_file(path.string());
    if (const auto* extends = root.get_as<std::string>("extends"))
      entry.extends = fs::path(extends->get()).stem().string();
    collect(root, "", entry.sets);
    if (const auto* changes = root.get_as<toml::array>("change")) {
      entry.dated_changes = static_cast<int>(changes->size());
      // Each dated change as "on <date>: key = value" lines among the file's own settings.
      for (const toml::node& change : *changes)
        if (const toml::table* table = change.as_table()) {
          std::vector<std::pair<std::string, std::string>> sets;
          collect(*table, "", sets);
          const toml::node* at = table->get("at");
          const std::string when = at ? value_text(*at) : "?";
          for (const auto& [key, value] : sets)
            if (key != "at") entry.sets.emplace_back("on " + when + ": " + key, value);
        }
    }
    entry.description = params::load_scenario(path).description;
  } catch (const params::ScenarioError& error) {
    entry.problem = error.diagnostics.front().format();
  } catch (const toml::parse_error& error) {
    entry.problem = std::string(error.description());
  }
  return entry;
}

ScenarioLibrary::ScenarioLibrary(fs::path shipped_dir, const Workspace& workspace)
    : shipped_dir_(std::move(shipped_dir)), workspace_(workspace) {}

std::vector<ScenarioEntry> ScenarioLibrary::list() const {
  std::vector<ScenarioEntry> all = entries_in(shipped_dir_, "shipped");
  std::vector<ScenarioEntry> own = entries_in(workspace_.scenarios_dir(), "workspace");
  all.insert(all.end(), own.begin(), own.end());
  return all;
}

bool ScenarioLibrary::is_shipped(const std::string& name) const {
  return is_safe_name(name) && fs::is_regular_file(shipped_dir_ / (name + ".toml"));
}

std::optional<ScenarioEntry> ScenarioLibrary::find(const std::string& name) const {
  if (!is_safe_name(name)) return std::nullopt;
  if (is_shipped(name)) return describe_scenario(shipped_dir_ / (name + ".toml"), "shipped");
  const fs::path own = *workspace_.scenario_file(name);
  if (fs::is_regular_file(own)) return describe_scenario(own, "workspace");
  return std::nullopt;
}

}  // namespace spipsim::serve
