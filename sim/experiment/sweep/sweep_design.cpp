#include "sim/experiment/sweep/sweep_design.hpp"


#include <cmath>
#include <set>

#include "sim/engine/input_file.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/params/diagnostic.hpp"
#include "sim/params/toml.hpp"
#include "sim/params/did_you_mean.hpp"
#include "sim/params/fixed_values.hpp"
#include "sim/params/toml_document.hpp"
#include "sim/params/toml_value_check.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;
using params::Need;

constexpr std::uint64_t kMaxPoints = 1'000'000;

// The keys a design may hold, for the unknown-key check and its did-you-mean hint.
const std::vector<std::string_view> kTopKeys = {
    "description",  "scenario",  "method",  "replicates", "seed",     "points",
    "base_samples", "bootstrap", "outputs", "set",        "parameter"};
const std::vector<std::string_view> kParameterKeys = {"name", "values", "min", "max", "levels"};
const std::vector<std::string_view> kMethods = {"grid", "latin_hypercube", "sobol"};

std::vector<std::string> headline_names() {
  std::vector<std::string> names;
  for (const HeadlineEntry& h : headline_catalogue()) names.emplace_back(h.name);
  return names;
}

class DesignReader {
 public:
  explicit DesignReader(const fs::path& file) : doc_(file, file.string(), "design file") {}

  SweepDesign read(const fs::path& file) {
    if (!doc_.ok()) throw params::ScenarioError(doc_.take_problems());
    SweepDesign design;
    std::error_code ec;
    design.path = fs::absolute(file, ec);
    design.name = file.stem().string();
    design.text = doc_.text();
    const toml::table& root = doc_.root();
    const fs::path base_dir = design.path.parent_path();

    doc_.check_keys(root, kTopKeys);
    design.description = doc_.string(root, "description", Need::Optional).value_or("");
    if (auto text = doc_.string(root, "scenario", Need::Required, "",
                                "name the scenario every point starts from")) {
      design.scenario = (base_dir / *text).lexically_normal();
      if (!fs::is_regular_file(design.scenario, ec))
        add(root.get("scenario")->source(), "scenario",
            "no scenario file at " + design.scenario.string(),
            "the path is relative to the design file");
    }
    read_method(root, design);
    if (auto r = doc_.integer(root, "replicates", 1, 10000, Need::Optional))
      design.replicates = std::uint32_t(*r);
    if (auto s = doc_.integer(root, "seed", 0, 9007199254740991, Need::Optional))
      design.seed = std::uint64_t(*s);
    read_sizes(root, design);
    read_outputs(root, design);
    design.fixed = params::read_fixed_values(doc_, root, base_dir);
    read_parameters(root, design, base_dir);
    if (!doc_.problems().empty()) throw params::ScenarioError(doc_.take_problems());
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
    doc_.add(where, std::move(key), std::move(rule), std::move(hint));
  }

  void read_method(const toml::table& root, SweepDesign& design) {
    const toml::node* n = root.get("method");
    const std::optional<std::string> name = doc_.string(
        root, "method", Need::Required, "", "one of \"grid\", \"latin_hypercube\", \"sobol\"");
    if (!name) return;
    const std::string& text = *name;
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
      if (auto p = doc_.integer(root, "points", 2, std::int64_t(kMaxPoints), Need::Optional))
        design.points = std::uint64_t(*p);
    } else if (design.method == SweepMethod::LatinHypercube && !root.get("points")) {
      add({}, "points", "missing", "a latin_hypercube design needs the number of points");
    }
    if (only_for("base_samples", SweepMethod::Sobol)) {
      if (auto n = doc_.integer(root, "base_samples", 2, 1 << 20, Need::Optional))
        design.base_samples = std::uint64_t(*n);
    } else if (design.method == SweepMethod::Sobol && !root.get("base_samples")) {
      add({}, "base_samples", "missing", "a sobol design needs N, its base samples");
    }
    if (only_for("bootstrap", SweepMethod::Sobol))
      if (auto b = doc_.integer(root, "bootstrap", 10, 100000, Need::Optional))
        design.bootstrap = std::uint32_t(*b);
  }

  void read_outputs(const toml::table& root, SweepDesign& design) {
    if (!root.contains("outputs")) {
      design.outputs = default_sweep_outputs();
      return;
    }
    const auto* array = doc_.array(root, "outputs", Need::Optional);
    if (!array) return;
    if (array->empty()) {
      add(array->source(), "outputs", "must be a non-empty array of headline names");
      return;
    }
    const std::vector<std::string> known = headline_names();
    std::vector<std::string_view> known_views(known.begin(), known.end());
    for (const toml::node& item : *array) {
      const auto* s = item.as_string();
      if (!s || !contains(known_views, s->get())) {
        add(item.source(), "outputs",
            s ? "unknown output '" + s->get() + "'"
              : params::TomlDocument::type_rule("a headline name (a string)", item),
            s ? params::did_you_mean(s->get(), known_views) : "");
        continue;
      }
      design.outputs.push_back(s->get());
    }
  }

  void read_parameters(const toml::table& root, SweepDesign& design, const fs::path& base_dir) {
    const toml::node* n = root.get("parameter");
    const auto* array = n ? n->as_array() : nullptr;
    if (!array || array->empty()) {
      if (n && !array)
        add(n->source(), "parameter", params::TomlDocument::type_rule("[[parameter]] tables", *n));
      else
        add(n ? n->source() : toml::source_region{}, "parameter",
            "a design needs at least one [[parameter]]");
      return;
    }
    std::set<std::string> seen;
    double grid_points = 1;
    for (const toml::node& item : *array) {
      const auto* t = item.as_table();
      if (!t) {
        add(item.source(), "parameter",
            params::TomlDocument::type_rule("a [[parameter]] table", item));
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
    doc_.check_keys(t, kParameterKeys, "parameter.");
    if (!t.contains("name"))
      add(where, "parameter.name", "missing", "name = \"section.key\" of a parameter");
    const std::optional<std::string> name = doc_.string(t, "name", Need::Optional, "parameter.");
    if (!name) return std::nullopt;
    const toml::node* name_node = t.get("name");
    SweepParameter p;
    p.name = *name;
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
        add(values->source(), key,
            list ? "values must be a non-empty array"
                 : "values " + params::TomlDocument::type_rule("a non-empty array", *values));
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
        add(node->source(), key,
            std::string(what) + " " + params::TomlDocument::type_rule("a number", *node));
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

  params::TomlDocument doc_;
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
