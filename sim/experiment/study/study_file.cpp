// load_study(): reads a calibration or validation file, checks every key, and collects every
// problem (file:line:col, key, rule, hint) before throwing, like the scenario loader.
#include "sim/experiment/study/study_file.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

#include "sim/engine/input_file.hpp"
#include "sim/params/did_you_mean.hpp"
#include "sim/params/toml.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/params/toml_document.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;
using params::Diagnostic;
using params::Need;
constexpr double kInf = std::numeric_limits<double>::infinity();

class StudyLoader {
 public:
  StudyLoader(const fs::path& file, StudyKind kind)
      : kind_(kind),
        display_(file.string()),
        dir_(fs::absolute(file).parent_path()),
        doc_(file, display_, "study file") {
    study_.path = fs::absolute(file).lexically_normal();
  }

  StudyFile load() {
    if (!doc_.ok()) throw params::ScenarioError(doc_.take_problems());
    const toml::table& root = doc_.root();
    check_keys(root);
    study_.description = string_at(root, "description", false);
    study_.scenario_path = path_at(root, "scenario", true);
    study_.targets_path = path_at(root, "targets", true);
    if (kind_ == StudyKind::Calibration) {
      study_.output_path = path_at(root, "output", true);
      study_.output_description = string_at(root, "output_description", true);
    }
    study_.replicates = std::uint32_t(integer_at(root, "replicates", 1, 10000, 4));
    study_.seed = std::uint64_t(integer_at(root, "seed", 0, 9007199254740991LL, 20250101));
    if (kind_ == StudyKind::Calibration)
      study_.budget = int(integer_at(root, "budget", 1, 100000, 60));
    if (const toml::table* reduced =
            doc_.table(root, "reduced", Need::Optional, "",
                       "write [reduced] then e.g. world.population_scale = 0.2"))
      flatten(*reduced, "", study_.reduced);
    if (kind_ == StudyKind::Validation) {
      study_.effect_replicates =
          std::uint32_t(integer_at(root, "effect_replicates", 1, 10000, study_.replicates));
      if (const toml::table* reduced =
              doc_.table(root, "effect_reduced", Need::Optional, "",
                         "write [effect_reduced] then e.g. world.sites = \"21\""))
        flatten(*reduced, "", study_.effect_reduced, "effect_reduced.");
    }
    load_targets_file();
    read_targets(root);
    if (kind_ == StudyKind::Calibration) read_parameters(root);
    if (kind_ == StudyKind::Validation) read_effects(root);
    load_scenario();
    std::vector<Diagnostic> all = doc_.take_problems();
    all.insert(all.end(), others_.begin(), others_.end());
    if (!all.empty()) {
      std::stable_sort(all.begin(), all.end(), [&](const auto& a, const auto& b) {
        auto rank = [&](const Diagnostic& d) { return d.file == display_ ? 0 : 1; };
        return std::tuple(rank(a), a.line, a.column) < std::tuple(rank(b), b.line, b.column);
      });
      throw params::ScenarioError(std::move(all));
    }
    return std::move(study_);
  }

 private:
  void add(const toml::node* node, const std::string& key, std::string rule, std::string hint) {
    doc_.add(node, key, std::move(rule), std::move(hint));
  }

  void check_keys(const toml::table& root) {
    std::vector<std::string_view> allowed = {"description", "scenario", "targets", "replicates",
                                             "seed",        "reduced",  "target"};
    if (kind_ == StudyKind::Calibration)
      allowed.insert(allowed.end(), {"output", "output_description", "budget", "parameter"});
    if (kind_ == StudyKind::Validation)
      allowed.insert(allowed.end(), {"effect", "effect_replicates", "effect_reduced"});
    doc_.check_keys(root, allowed);
  }

  void check_table_keys(const toml::table& t, std::vector<std::string_view> allowed,
                        const std::string& prefix) {
    doc_.check_keys(t, allowed, prefix);
  }

  std::string string_at(const toml::table& t, const std::string& key, bool required,
                        const std::string& prefix = "") {
    return doc_
        .string(t, key, required ? Need::Required : Need::Optional, prefix,
                "add " + key + " = \"...\"")
        .value_or("");
  }

  fs::path path_at(const toml::table& t, const std::string& key, bool required) {
    std::string text = string_at(t, key, required);
    if (text.empty()) return {};
    fs::path p = (dir_ / text).lexically_normal();
    // Named for what it is: a directory, FIFO or device used to be reported as missing.
    if (key != "output")
      if (std::optional<std::string> problem = engine::input_file_problem(p))
        add(t.get(key), key, "file '" + text + "' " + *problem,
            "paths are relative to the directory of " + display_);
    return p;
  }

  std::optional<double> number_at(const toml::table& t, const std::string& key,
                                  const std::string& prefix, bool required) {
    return doc_.number(t, key, -kInf, kInf, "", required ? Need::Required : Need::Optional, prefix,
                       "add " + key + " = <number>");
  }

  long long integer_at(const toml::table& t, const std::string& key, long long lo, long long hi,
                       long long fallback) {
    return doc_.integer(t, key, lo, hi, Need::Optional).value_or(fallback);
  }

  // Nested tables become dotted names: [reduced] world.population_scale = 0.2. The document
  // bounds nesting, so this recursion is bounded too.
  void flatten(const toml::table& t, const std::string& prefix, std::vector<ScenarioOverride>& out,
               const std::string& where_prefix = "reduced.") {
    for (auto&& [key, node] : t) {
      std::string name = prefix + std::string(key.str());
      if (const toml::table* sub = node.as_table()) {
        flatten(*sub, name + ".", out, where_prefix);
        continue;
      }
      std::string text;
      if (const auto* s = node.as_string())
        text = s->get();
      else if (const auto* b = node.as_boolean())
        text = b->get() ? "true" : "false";
      else if (const auto* i = node.as_integer())
        text = std::to_string(i->get());
      else if (const auto* f = node.as_floating_point())
        text = params::format_number(f->get());
      else {
        add(&node, where_prefix + name,
            params::TomlDocument::type_rule("a string, boolean or number", node), "");
        continue;
      }
      Diagnostic where{
          display_, int(node.source().begin.line), int(node.source().begin.column), name, "", ""};
      out.push_back({name, text, where});
    }
  }

  void load_targets_file() {
    std::error_code ec;
    // A missing targets file is already reported where the study file names it.
    if (study_.targets_path.empty() || !fs::is_regular_file(study_.targets_path, ec)) return;
    params::TomlDocument targets(study_.targets_path, study_.targets_path.string(), "targets file");
    study_.targets_text = targets.text();
    if (targets.ok()) targets_ = targets.root();
    std::vector<Diagnostic> problems = targets.take_problems();
    others_.insert(others_.end(), problems.begin(), problems.end());
  }

  void read_targets(const toml::table& root) {
    const toml::array* list = root["target"].as_array();
    if (!list || list->empty()) {
      add(root.get("target"), "target", "no [[target]]", "add [[target]] metric = \"...\" tables");
      return;
    }
    std::vector<std::string_view> names;
    for (const TargetMetric& m : target_metrics()) names.push_back(m.name);
    for (const toml::node& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) continue;
      check_table_keys(*t, {"metric", "tolerance", "weight", "known_conflict"}, "target.");
      std::string metric = string_at(*t, "metric", true, "target.");
      const TargetMetric* def = find_target_metric(metric);
      if (!def) {
        if (!metric.empty())
          add(t->get("metric"), "target.metric", "unknown metric '" + metric + "'",
              params::did_you_mean(metric, names));
        continue;
      }
      Target target;
      target.metric = def;
      target.source = study_.targets_path.filename().string() + ": " + std::string(def->value_path);
      auto value = targets_.at_path(def->value_path).value<double>();
      if (!value) {
        add(t->get("metric"), "target.metric",
            "the targets file has no number at " + std::string(def->value_path),
            "use a targets file in the format of data/targets.toml");
        continue;
      }
      target.value = *value;
      std::optional<double> tolerance = number_at(*t, "tolerance", "target.", false);
      if (!tolerance && !def->tolerance_path.empty())
        tolerance = targets_.at_path(def->tolerance_path).value<double>();
      if (!tolerance) {
        add(t->get("metric"), "target.tolerance", "no tolerance for " + metric,
            "the targets file gives none: add tolerance = <absolute, in " + std::string(def->unit) +
                ">");
        continue;
      }
      if (!(*tolerance > 0)) {
        add(t->get("tolerance"), "target.tolerance", "must be above 0", "");
        continue;
      }
      target.tolerance = *tolerance;
      target.weight = number_at(*t, "weight", "target.", false).value_or(1.0);
      target.known_conflict = string_at(*t, "known_conflict", false, "target.");
      study_.targets.push_back(std::move(target));
    }
  }

  void read_parameters(const toml::table& root) {
    const toml::array* list = root["parameter"].as_array();
    if (!list || list->empty()) {
      add(root.get("parameter"), "parameter", "no [[parameter]] to fit",
          "add [[parameter]] name = \"...\" with lower, upper, prior_mean, prior_sd");
      return;
    }
    for (const toml::node& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) continue;
      check_table_keys(
          *t, {"name", "lower", "upper", "prior_mean", "prior_sd", "start", "prior_source"},
          "parameter.");
      FreeParameter p;
      p.name = string_at(*t, "name", true, "parameter.");
      auto id = params::find_param(p.name);
      if (!id) {
        if (!p.name.empty())
          add(t->get("name"), "parameter.name", "unknown parameter '" + p.name + "'",
              params::unknown_parameter_hint(p.name,
                                             params::parameter_names(params::parameter_table())));
        continue;
      }
      const params::ParameterSpec& spec = params::parameter_table()[params::index_of(*id)];
      if (spec.kind != params::Kind::Real) {
        add(t->get("name"), "parameter.name", "only real-valued parameters can be fitted", "");
        continue;
      }
      p.id = *id;
      auto lower = number_at(*t, "lower", "parameter.", true);
      auto upper = number_at(*t, "upper", "parameter.", true);
      auto mean = number_at(*t, "prior_mean", "parameter.", true);
      auto sd = number_at(*t, "prior_sd", "parameter.", true);
      p.prior_source = string_at(*t, "prior_source", true, "parameter.");
      if (!lower || !upper || !mean || !sd) continue;
      if (!(*lower < *upper)) {
        add(t->get("upper"), "parameter.upper", "must be above lower", "");
        continue;
      }
      if (*lower < spec.min || *upper > spec.max)
        add(t->get("lower"), "parameter.lower",
            "bounds must lie within the parameter's own " + params::bounds_text(spec), "");
      if (!(*mean > *lower && *mean < *upper))
        add(t->get("prior_mean"), "parameter.prior_mean",
            "must lie strictly between lower and upper", "");
      if (!(*sd > 0)) add(t->get("prior_sd"), "parameter.prior_sd", "must be above 0", "");
      p.lower = *lower, p.upper = *upper, p.prior_mean = *mean, p.prior_sd = *sd;
      p.start = number_at(*t, "start", "parameter.", false).value_or(*mean);
      if (!(p.start > *lower && p.start < *upper))
        add(t->get("start"), "parameter.start", "must lie strictly between lower and upper", "");
      study_.parameters.push_back(std::move(p));
    }
  }

  void read_effects(const toml::table& root) {
    const toml::array* list = root["effect"].as_array();
    if (!list) return;
    for (const toml::node& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) continue;
      check_table_keys(*t, {"name", "literature", "base", "variant", "checks"}, "effect.");
      EffectSpec e;
      e.name = string_at(*t, "name", true, "effect.");
      e.literature = string_at(*t, "literature", true, "effect.");
      for (const char* side : {"base", "variant"}) {
        auto& out = std::string(side) == "base" ? e.base : e.variant;
        if (const toml::table* s = (*t)[side].as_table())
          flatten(*s, "", out, "effect." + std::string(side) + ".");
        else if (t->contains(side))
          add(t->get(side), std::string("effect.") + side, "must be a table of parameter values",
              "");
      }
      const toml::array* checks = (*t)["checks"].as_array();
      if (!checks || checks->empty()) {
        add(t->get("name"), "effect.checks", "no checks",
            "add checks = [{ metric = \"...\", low = ..., high = ... }]");
        continue;
      }
      for (const toml::node& c : *checks) {
        const toml::table* ct = c.as_table();
        if (!ct) continue;
        EffectCheck check;
        check.metric = string_at(*ct, "metric", true, "effect.checks.");
        auto low = number_at(*ct, "low", "effect.checks.", true);
        auto high = number_at(*ct, "high", "effect.checks.", true);
        if (!low || !high) continue;
        check.low = *low, check.high = *high;
        e.checks.push_back(std::move(check));
      }
      study_.effects.push_back(std::move(e));
    }
  }

  void load_scenario() {
    if (study_.scenario_path.empty() || !doc_.problems().empty() || !others_.empty()) return;
    try {
      params::Scenario original = params::load_scenario(study_.scenario_path);
      study_.scenario = with_overrides(original, study_.reduced);
      study_.effect_scenario = with_overrides(original, study_.effect_reduced);
      for (const EffectSpec& e : study_.effects) {
        (void)with_overrides(study_.effect_scenario, e.base);
        (void)with_overrides(study_.effect_scenario, e.variant);
      }
    } catch (const params::ScenarioError& error) {
      others_.insert(others_.end(), error.diagnostics.begin(), error.diagnostics.end());
    }
  }

  StudyKind kind_;
  std::string display_;
  fs::path dir_;
  params::TomlDocument doc_;
  StudyFile study_;
  toml::table targets_;
  std::vector<Diagnostic> others_;  // of the targets file and the scenario
};

}  // namespace

StudyFile load_study(const std::filesystem::path& file, StudyKind kind) {
  return StudyLoader(file, kind).load();
}

params::Scenario with_overrides(params::Scenario scenario,
                                const std::vector<ScenarioOverride>& overrides) {
  std::vector<Diagnostic> problems;
  for (const ScenarioOverride& o : overrides) {
    try {
      params::apply_override(scenario, o.name, o.value_text);
    } catch (const params::ScenarioError& error) {
      for (const Diagnostic& d : error.diagnostics) {
        Diagnostic at = o.where;
        at.rule = d.rule;
        at.hint = d.hint;
        problems.push_back(std::move(at));
      }
    }
  }
  if (!problems.empty()) throw params::ScenarioError(std::move(problems));
  return scenario;
}

}  // namespace spipsim::experiment
