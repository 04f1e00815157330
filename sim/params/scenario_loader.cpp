// load_scenario(): reads a scenario file and its extends chain, checking every key against
// the parameter table and collecting every problem before throwing.
#include "sim/params/toml.hpp"
#include <algorithm>
#include <tuple>

#include "sim/engine/input_file.hpp"
#include "sim/params/did_you_mean.hpp"
#include "sim/params/scenario.hpp"
#include "sim/params/toml_document.hpp"
#include "sim/params/toml_value_check.hpp"
#include "sim/params/value_check.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::params {
namespace {

namespace fs = std::filesystem;

// Where something was written.
struct Site {
  std::string file;
  int line = 0;
  int column = 0;
};

Site site_of(const std::string& file, const toml::source_region& region) {
  return Site{file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

// The identity of a file for cycle detection: "a/../b.toml" and a symlink to it are one file.
fs::path file_identity(const fs::path& path) {
  std::error_code ec;
  fs::path result = fs::weakly_canonical(path, ec);
  return ec ? path : result;
}

class Loader {
 public:
  explicit Loader(std::span<const ParameterSpec> table)
      : table_(table), names_(parameter_names(table)), values_(Parameters::defaults(table)) {
    top_level_names_ = names_;
    top_level_names_.insert(top_level_names_.end(), {"description", "extends", "change"});
    for (std::string_view name : names_)
      for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
           dot = name.find('.', dot + 1))
        if (std::find(section_names_.begin(), section_names_.end(), name.substr(0, dot)) ==
            section_names_.end())
          section_names_.push_back(name.substr(0, dot));
    for (std::size_t i = 0; i < table.size(); ++i) {
      auto id = static_cast<ParamId>(i);
      if (is_path(table[i]))
        values_.set(id, *check_string(table[i], values_.text(id), fs::current_path()).value);
    }
  }

  Scenario load(const fs::path& file) {
    fs::path absolute = fs::absolute(file).lexically_normal();
    load_file(file.string(), absolute, nullptr);
    check_timeline_dates();
    if (!diagnostics_.empty()) throw ScenarioError(in_file_order());
    return Scenario{absolute, file.stem().string(), description_, values_, sorted_timeline()};
  }

 private:
  void add(const Site& at, std::string key, std::string rule, std::string hint = {}) {
    diagnostics_.push_back(
        Diagnostic{at.file, at.line, at.column, std::move(key), std::move(rule), std::move(hint)});
  }

  // `display` names the file in messages; `path` is absolute; `from` is the extends key that
  // led here (null for the file the user named).
  void load_file(const std::string& display, const fs::path& path, const Site* from) {
    check_file(display, path, from);
    finished_files_.push_back(display);
  }

  // Parents finish before their children, so sorting by finishing order lists a parent's
  // problems first; within a file, by position (toml++ iterates keys alphabetically).
  std::vector<Diagnostic> in_file_order() {
    auto rank = [this](const Diagnostic& d) {
      return std::find(finished_files_.begin(), finished_files_.end(), d.file) -
             finished_files_.begin();
    };
    std::stable_sort(
        diagnostics_.begin(), diagnostics_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
          return std::tuple(rank(a), a.line, a.column) < std::tuple(rank(b), b.line, b.column);
        });
    return std::move(diagnostics_);
  }

  void check_file(const std::string& display, const fs::path& path, const Site* from) {
    TomlDocument document(path, display, "scenario file");
    if (!document.ok()) {
      for (Diagnostic& d : document.take_problems()) {
        if (from && d.line == 0)  // the file itself is missing or unreadable: say who named it
          add(*from, "extends",
              "scenario file '" + display + "' " + d.rule.substr(d.rule.find(' ', 9) + 1),
              "extends is relative to the directory of " + from->file);
        else
          diagnostics_.push_back(std::move(d));
      }
      return;
    }
    const toml::table& root = document.root();
    chain_.push_back(file_identity(path));
    chain_display_.push_back(display);
    if (const toml::node* extends = root.get("extends")) load_parent(display, path, *extends);
    const fs::path base_dir = path.parent_path();
    for (auto&& [key, node] : root) {
      const std::string name(key.str());
      if (name == "extends") continue;
      if (name == "description") {
        if (const auto* s = node.as_string())
          description_ = s->get();
        else
          add(site_of(display, node.source()), name, TomlDocument::type_rule("a string", node),
              "write description = \"\"\"What this scenario is for.\"\"\"");
      } else if (name == "change") {
        read_changes(display, base_dir, key, node);
      } else {
        walk(display, base_dir, "", key, node, nullptr);
      }
    }
    chain_.pop_back();
    chain_display_.pop_back();
  }

  void load_parent(const std::string& display, const fs::path& path, const toml::node& extends) {
    const Site at = site_of(display, extends.source());
    const auto* relative = extends.as_string();
    if (!relative) {
      add(at, "extends", TomlDocument::type_rule("a string", extends),
          "write extends = \"baseline-france.toml\", a path relative to this file");
      return;
    }
    const fs::path parent = (path.parent_path() / relative->get()).lexically_normal();
    const std::string parent_display =
        (fs::path(display).parent_path() / relative->get()).lexically_normal().string();
    auto seen = std::find(chain_.begin(), chain_.end(), file_identity(parent));
    if (seen != chain_.end()) {
      std::string cycle;
      for (auto i = static_cast<std::size_t>(seen - chain_.begin()); i < chain_.size(); ++i)
        cycle += chain_display_[i] + " -> ";
      add(at, "extends", "extends cycle: " + cycle + parent_display,
          "remove one extends from the cycle");
      return;
    }
    load_file(parent_display, parent, &at);
  }

  // Checks one key (and, for a table, every key below it) against the parameter table. A
  // valid value goes into `timeline_sets` when reading a [[change]], else into values_.
  void walk(const std::string& display, const fs::path& base_dir, const std::string& prefix,
            const toml::key& key, const toml::node& node,
            std::vector<std::pair<ParamId, Value>>* timeline_sets) {
    const std::string name =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    const std::optional<ParamId> id = find_param(name, table_);
    if (!id) {
      const auto* table = node.as_table();
      if (table && !table->empty()) {
        for (auto&& [child_key, child] : *table)
          walk(display, base_dir, name, child_key, child, timeline_sets);
        return;
      }
      const bool top_level = prefix.empty() && !timeline_sets;
      add(site_of(display, key.source()), name, table ? "unknown section" : "unknown parameter",
          unknown_parameter_hint(name,
                                 table ? section_names_ : (top_level ? top_level_names_ : names_)));
      return;
    }
    const ParameterSpec& spec = table_[index_of(*id)];
    if (timeline_sets && !spec.timeline) {
      add(site_of(display, key.source()), name, "this parameter cannot change on the timeline",
          "set it outside [[change]]; `spipsim params` marks the parameters that can change");
      return;
    }
    ValueCheck check = check_toml_value(spec, node, base_dir);
    if (!check.value) {
      add(site_of(display, node.source()), name, check.rule, check.hint);
    } else if (timeline_sets) {
      timeline_sets->emplace_back(*id, std::move(*check.value));
    } else {
      values_.set(*id, std::move(*check.value));
    }
  }

  void read_changes(const std::string& display, const fs::path& base_dir, const toml::key& key,
                    const toml::node& node) {
    const auto* changes = node.as_array();
    if (!changes || !(changes->empty() || changes->is_array_of_tables())) {
      add(site_of(display, key.source()), "change",
          TomlDocument::type_rule("an array of tables", node),
          "write each timeline change as a [[change]] table with at = YYYY-MM-DD");
      return;
    }
    for (const toml::node& element : *changes) {
      const toml::table& change = *element.as_table();
      const Site header = site_of(display, element.source());
      std::optional<std::chrono::year_month_day> at = read_at(display, header, change);
      std::vector<std::pair<ParamId, Value>> sets;
      for (auto&& [set_key, value] : change)
        if (set_key.str() != "at") walk(display, base_dir, "", set_key, value, &sets);
      if (change.size() == (change.contains("at") ? 1u : 0u))
        add(header, "change", "timeline change sets no parameter",
            "add the parameters that change on this date, e.g. staffing.officer_scale = 1.2");
      if (at) {
        timeline_.push_back(
            TimelineChange{*at, std::move(sets), display + ":" + std::to_string(header.line)});
        at_sites_.push_back(site_of(display, change.get("at")->source()));
      }
    }
  }

  std::optional<std::chrono::year_month_day> read_at(const std::string& display, const Site& header,
                                                     const toml::table& change) {
    const toml::node* at = change.get("at");
    if (!at) {
      add(header, "change", "timeline change has no 'at' date",
          "add at = YYYY-MM-DD to this [[change]]");
      return std::nullopt;
    }
    // `at` follows the rules of a Date parameter, so it gets the same messages.
    static constexpr ParameterSpec kAtSpec{"at", Kind::Date, 0, "", "date", 0, 0, "", "", "", true};
    ValueCheck check = check_toml_value(kAtSpec, *at, {});
    if (!check.value) {
      add(site_of(display, at->source()), "at", check.rule, check.hint);
      return std::nullopt;
    }
    return date_of(*check.value);
  }

  void check_timeline_dates() {
    const std::optional<std::chrono::year_month_day> start = start_date(values_);
    if (!start) return;
    for (std::size_t i = 0; i < timeline_.size(); ++i) {
      if (timeline_[i].at >= *start) continue;
      add(at_sites_[i], "at",
          "timeline date " + date_value(timeline_[i].at).text + " is before run.start_date " +
              date_value(*start).text,
          "move the change to or after the start date, or set run.start_date earlier");
    }
  }

  std::vector<TimelineChange> sorted_timeline() {
    std::stable_sort(timeline_.begin(), timeline_.end(),
                     [](const TimelineChange& a, const TimelineChange& b) { return a.at < b.at; });
    return std::move(timeline_);
  }

  std::span<const ParameterSpec> table_;
  std::vector<std::string_view> names_;            // every parameter name, for hints
  std::vector<std::string_view> top_level_names_;  // ... plus the reserved top-level keys
  std::vector<std::string_view> section_names_;    // every table a name implies: "risk.weights"
  Parameters values_;
  std::string description_;
  std::vector<TimelineChange> timeline_;  // in file order until sorted_timeline()
  std::vector<Site> at_sites_;            // where each timeline_[i].at was written
  std::vector<Diagnostic> diagnostics_;
  std::vector<fs::path> chain_;  // canonical paths of the files being loaded, outermost first
  std::vector<std::string> chain_display_;
  std::vector<std::string> finished_files_;  // display names, in the order loading ended
};

}  // namespace

Scenario load_scenario(const fs::path& file) {
  return load_scenario(file, parameter_table());
}

Scenario load_scenario(const fs::path& file, std::span<const ParameterSpec> table) {
  return Loader(table).load(file);
}

}  // namespace spipsim::params
