#include "sim/experiment/sweep/sweep_design.hpp"


#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/engine/input_file.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/params/diagnostic.hpp"
#include "sim/params/toml.hpp"
#include "sim/params/did_you_mean.hpp"
#include "sim/params/toml_value_check.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;
using params::Diagnostic;

constexpr std::uint64_t kMaxPoints = 1'000'000;

// The keys a design may hold, for the unknown-key check and its did-you-mean hint.
const std::vector<std::string_view> kTopKeys = {
    "description",  "scenario",  "method",  "replicates", "seed",     "points",
    "base_samples", "bootstrap", "outputs", "set",        "parameter"};
const std::vector<std::string_view> kParameterKeys = {"name", "values", "min", "max", "levels"};
const std::vector<std::string_view> kMethods = {"grid", "latin_hypercube", "sobol"};

std::vector<std::string> headline_names() {
  std::vector<std::string> names;
  for (const Headline& h : summarise({}).headlines) names.push_back(h.name);
  return names;
}

class DesignReader {
 public:
  explicit DesignReader(const fs::path& file) : file_(file.string()) {}

  SweepDesign read(const fs::path& file) {
    SweepDesign design;
    std::error_code ec;
    design.path = fs::absolute(file, ec);
    design.name = file.stem().string();
    if (!read_text(file, design.text)) throw params::ScenarioError(problems_);
    toml::table root;
    try {
      root = toml::parse(std::string_view(design.text), std::string_view(file_));
    } catch (const toml::parse_error& e) {
      add(e.source(), "", "malformed TOML: " + std::string(e.description()));
      throw params::ScenarioError(problems_);
    }
    const fs::path base_dir = design.path.parent_path();

    for (auto&& [key, node] : root)
      if (!contains(kTopKeys, key.str()))
        add(key.source(), std::string(key.str()), "unknown key",
            params::did_you_mean(key.str(), kTopKeys));

    design.description = string_or(root, "description", "");
    if (const toml::node* s = root.get("scenario")) {
      if (const auto* text = s->as_string()) {
        design.scenario = (base_dir / text->get()).lexically_normal();
        if (!fs::is_regular_file(design.scenario, ec))
          add(s->source(), "scenario", "no scenario file at " + design.scenario.string(),
              "the path is relative to the design file");
      } else {
        add(s->source(), "scenario", "expected a string (a scenario file)");
      }
    } else {
      add({}, "scenario", "missing", "name the scenario every point starts from");
    }
    read_method(root, design);
    if (auto r = integer(root, "replicates", 1, 10000)) design.replicates = std::uint32_t(*r);
    if (auto s = integer(root, "seed", 0, 9007199254740991.0)) design.seed = std::uint64_t(*s);
    read_sizes(root, design);
    read_outputs(root, design);
    read_fixed(root, design, base_dir);
    read_parameters(root, design, base_dir);
    if (!problems_.empty()) throw params::ScenarioError(problems_);
    return design;
  }

 private:
  static bool contains(const std::vector<std::string_view>& list, std::string_view key) {
    for (std::string_view k : list)
      if (k == key) return true;
    return false;
  }

  void add(const toml::source_region& where, std::string key, std::string rule,
           std::string hint = "") {
    problems_.push_back(Diagnostic{file_, static_cast<int>(where.begin.line),
                                   static_cast<int>(where.begin.column), std::move(key),
                                   std::move(rule), std::move(hint)});
  }

  // A regular file of bounded size (opening a FIFO with an ifstream blocked forever).
  bool read_text(const fs::path& file, std::string& text) {
    std::string problem;
    if (!engine::read_input_file(file, text, problem)) {
      add({}, "", "the design file " + problem, "check the path");
      return false;
    }
    return true;
  }

  std::string string_or(const toml::table& t, std::string_view key, std::string fallback) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    if (const auto* s = n->as_string()) return s->get();
    add(n->source(), std::string(key), "expected a string");
    return fallback;
  }

  // An integer in [lo, hi], or nullopt (absent or reported).
  std::optional<double> integer(const toml::table& t, std::string_view key, double lo, double hi) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const auto* i = n->as_integer();
    if (!i) {
      add(n->source(), std::string(key), "expected an integer");
      return std::nullopt;
    }
    const double v = static_cast<double>(i->get());
    if (v < lo || v > hi) {
      add(n->source(), std::string(key),
          "must be between " + params::format_number(lo) + " and " + params::format_number(hi));
      return std::nullopt;
    }
    return v;
  }

  void read_method(const toml::table& root, SweepDesign& design) {
    const toml::node* n = root.get("method");
    if (!n) {
      add({}, "method", "missing", "one of \"grid\", \"latin_hypercube\", \"sobol\"");
      return;
    }
    const auto* s = n->as_string();
    const std::string text = s ? s->get() : "";
    if (text == "grid")
      design.method = SweepMethod::Grid;
    else if (text == "latin_hypercube")
      design.method = SweepMethod::LatinHypercube;
    else if (text == "sobol")
      design.method = SweepMethod::Sobol;
    else
      add(n->source(), "method", "must be \"grid\", \"latin_hypercube\" or \"sobol\"",
          params::did_you_mean(text, kMethods));
  }

  // points, base_samples and bootstrap belong each to one method.
  void read_sizes(const toml::table& root, SweepDesign& design) {
    auto only_for = [&](std::string_view key, SweepMethod method) {
      const toml::node* n = root.get(key);
      if (n && design.method != method)
        add(n->source(), std::string(key),
            "only a " + std::string(method_name(method)) + " design takes this key");
      return n && design.method == method;
    };
    if (only_for("points", SweepMethod::LatinHypercube)) {
      if (auto p = integer(root, "points", 2, double(kMaxPoints)))
        design.points = std::uint64_t(*p);
    } else if (design.method == SweepMethod::LatinHypercube && !root.get("points")) {
      add({}, "points", "missing", "a latin_hypercube design needs the number of points");
    }
    if (only_for("base_samples", SweepMethod::Sobol)) {
      if (auto n = integer(root, "base_samples", 2, 1 << 20))
        design.base_samples = std::uint64_t(*n);
    } else if (design.method == SweepMethod::Sobol && !root.get("base_samples")) {
      add({}, "base_samples", "missing", "a sobol design needs N, its base samples");
    }
    if (only_for("bootstrap", SweepMethod::Sobol))
      if (auto b = integer(root, "bootstrap", 10, 100000)) design.bootstrap = std::uint32_t(*b);
  }

  void read_outputs(const toml::table& root, SweepDesign& design) {
    const toml::node* n = root.get("outputs");
    if (!n) {
      design.outputs = default_sweep_outputs();
      return;
    }
    const auto* array = n->as_array();
    if (!array || array->empty()) {
      add(n->source(), "outputs", "expected a non-empty list of headline names");
      return;
    }
    const std::vector<std::string> known = headline_names();
    std::vector<std::string_view> known_views(known.begin(), known.end());
    for (const toml::node& item : *array) {
      const auto* s = item.as_string();
      if (!s || !contains(known_views, s->get())) {
        add(item.source(), "outputs",
            s ? "unknown output '" + s->get() + "'" : "expected a headline name (a string)",
            s ? params::did_you_mean(s->get(), known_views) : "");
        continue;
      }
      design.outputs.push_back(s->get());
    }
  }

  // [set] may be written flat ("run.years" = 4) or nested (run.years = 4, [set.run]).
  void read_fixed(const toml::table& root, SweepDesign& design, const fs::path& base_dir) {
    const toml::node* n = root.get("set");
    if (!n) return;
    const auto* table = n->as_table();
    if (!table) {
      add(n->source(), "set", "expected a table of parameter values");
      return;
    }
    walk_fixed(*table, "", design, base_dir);
  }

  void walk_fixed(const toml::table& table, const std::string& prefix, SweepDesign& design,
                  const fs::path& base_dir) {
    for (auto&& [key, node] : table) {
      const std::string name =
          prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
      if (node.is_table() && !params::find_param(name)) {
        walk_fixed(*node.as_table(), name, design, base_dir);
        continue;
      }
      const std::optional<params::ParamId> id = params::find_param(name);
      if (!id) {
        add(key.source(), "set." + name, "unknown parameter",
            params::unknown_parameter_hint(name, parameter_names_));
        continue;
      }
      params::ValueCheck check = params::check_toml_value(
          params::parameter_table()[params::index_of(*id)], node, base_dir);
      if (!check.value) {
        add(node.source(), "set." + name, check.rule, check.hint);
        continue;
      }
      design.fixed.emplace_back(*id, *check.value);
    }
  }

  void read_parameters(const toml::table& root, SweepDesign& design, const fs::path& base_dir) {
    const toml::node* n = root.get("parameter");
    const auto* array = n ? n->as_array() : nullptr;
    if (!array || array->empty()) {
      add(n ? n->source() : toml::source_region{}, "parameter",
          "a design needs at least one [[parameter]]");
      return;
    }
    std::set<std::string> seen;
    double grid_points = 1;
    for (const toml::node& item : *array) {
      const auto* t = item.as_table();
      if (!t) {
        add(item.source(), "parameter", "expected a [[parameter]] table");
        continue;
      }
      std::optional<SweepParameter> p = read_parameter(*t, item.source(), design, base_dir);
      if (!p) continue;
      if (!seen.insert(p->name).second) {
        add(item.source(), "parameter." + p->name, "this parameter is listed twice");
        continue;
      }
      for (const auto& [id, value] : design.fixed)
        if (id == p->id)
          add(item.source(), "parameter." + p->name, "this parameter is also fixed in [set]");
      grid_points *= static_cast<double>(std::max<std::size_t>(p->levels.size(), 1));
      design.parameters.push_back(std::move(*p));
    }
    if (design.method == SweepMethod::Grid && grid_points > double(kMaxPoints))
      add(n->source(), "parameter",
          "the grid has " + params::format_number(grid_points) + " points, more than " +
              params::format_number(double(kMaxPoints)),
          "use fewer levels or a latin_hypercube design");
  }

  std::optional<SweepParameter> read_parameter(const toml::table& t,
                                               const toml::source_region& where,
                                               const SweepDesign& design,
                                               const fs::path& base_dir) {
    for (auto&& [key, node] : t)
      if (!contains(kParameterKeys, key.str()))
        add(key.source(), "parameter." + std::string(key.str()), "unknown key",
            params::did_you_mean(key.str(), kParameterKeys));
    const toml::node* name_node = t.get("name");
    const auto* name_text = name_node ? name_node->as_string() : nullptr;
    if (!name_text) {
      add(where, "parameter.name", "missing", "name = \"section.key\" of a parameter");
      return std::nullopt;
    }
    SweepParameter p;
    p.name = name_text->get();
    const std::string key = "parameter." + p.name;
    const std::optional<params::ParamId> id = params::find_param(p.name);
    if (!id) {
      add(name_node->source(), key, "unknown parameter",
          params::unknown_parameter_hint(p.name, parameter_names_));
      return std::nullopt;
    }
    p.id = *id;
    const params::ParameterSpec& spec = params::parameter_table()[params::index_of(*id)];
    if (spec.kind == params::Kind::Text || spec.kind == params::Kind::Date ||
        *id == params::ParamId::run_seed || *id == params::ParamId::run_replicates) {
      add(name_node->source(), key, "this parameter cannot be swept",
          "sweep numbers, choices or flags; seeds and replicates are set by the design");
      return std::nullopt;
    }
    const bool numeric = spec.kind == params::Kind::Real || spec.kind == params::Kind::Integer;
    const toml::node* values = t.get("values");
    const toml::node* min = t.get("min");
    const toml::node* max = t.get("max");
    const toml::node* levels = t.get("levels");
    const bool continuous = design.method != SweepMethod::Grid;

    if (values) {
      if (continuous) {
        add(values->source(), key,
            "a " + std::string(method_name(design.method)) +
                " design takes min and max, not a list of values");
        return std::nullopt;
      }
      const auto* list = values->as_array();
      if (!list || list->empty()) {
        add(values->source(), key, "values must be a non-empty list");
        return std::nullopt;
      }
      for (const toml::node& v : *list) {
        params::ValueCheck check = params::check_toml_value(spec, v, base_dir);
        if (!check.value)
          add(v.source(), key, check.rule, check.hint);
        else
          p.levels.push_back(*check.value);
      }
      if (min || max || levels)
        add(values->source(), key, "give either values or min and max, not both");
      return p;
    }
    if (!numeric) {
      add(where, key,
          "a " + std::string(params::kind_name(spec.kind)) +
              " parameter is swept by a list: values = [...]",
          continuous ? "only a grid design takes choices and flags" : "");
      return std::nullopt;
    }
    auto number = [&](const toml::node* node, const char* what) -> std::optional<double> {
      if (!node) {
        add(where, key, std::string("missing ") + what, "give values = [...] or min and max");
        return std::nullopt;
      }
      std::optional<double> v = node->value<double>();
      if (!v) {
        add(node->source(), key, std::string(what) + " must be a number");
        return std::nullopt;
      }
      params::ValueCheck check = params::check_number(spec, *v);
      if (!check.value && spec.kind == params::Kind::Integer && std::isfinite(*v))
        check = params::check_number(spec, std::round(*v));
      if (!check.value) {
        add(node->source(), key, std::string(what) + ": " + check.rule, check.hint);
        return std::nullopt;
      }
      return *v;
    };
    std::optional<double> lo = number(min, "min"), hi = number(max, "max");
    if (!lo || !hi) return std::nullopt;
    if (!(*lo < *hi)) {
      add(min->source(), key, "min must be below max");
      return std::nullopt;
    }
    p.min = *lo;
    p.max = *hi;
    if (continuous) {
      if (levels) add(levels->source(), key, "levels belongs to grid designs");
      return p;
    }
    const std::optional<std::int64_t> count = levels ? levels->value<std::int64_t>() : std::nullopt;
    if (!count || *count < 2 || *count > 1000) {
      add(levels ? levels->source() : where, key,
          levels ? "levels must be an integer from 2 to 1000" : "missing levels",
          "a grid over min..max needs levels = <number of equally spaced values>");
      return std::nullopt;
    }
    for (std::int64_t i = 0; i < *count; ++i) {
      double v = *lo + (*hi - *lo) * double(i) / double(*count - 1);
      if (spec.kind == params::Kind::Integer) v = std::round(v);
      p.levels.push_back(params::Value{v, ""});
    }
    return p;
  }

  std::string file_;
  std::vector<Diagnostic> problems_;
  std::vector<std::string_view> parameter_names_ =
      params::parameter_names(params::parameter_table());
};

}  // namespace

std::string_view method_name(SweepMethod method) {
  switch (method) {
    case SweepMethod::Grid:
      return "grid";
    case SweepMethod::LatinHypercube:
      return "latin_hypercube";
    case SweepMethod::Sobol:
      return "sobol";
  }
  return "grid";
}

std::vector<std::string> default_sweep_outputs() {
  return {"reconviction_1y", "reconviction_2y",          "reintegrated_12m",
          "caseload_mean",   "contacts_delivered_ratio", "cost_total_per_year"};
}

SweepDesign load_sweep_design(const fs::path& file) {
  DesignReader reader(file);
  return reader.read(file);
}

}  // namespace spipsim::experiment
