#include "sim/experiment/study/validation.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/experiment/study/calibration.hpp"
#include "sim/io/run_manifest.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint8_t kNeedEmployment = 1, kNeedHousing = 2;  // model::NeedBit

constexpr std::array<EffectMetric, 8> kEffectMetrics = {{
    {"reconviction_1y", "reconviction within 1 year, everyone with an index event"},
    {"reconviction_2y", "reconviction within 2 years, everyone with an index event"},
    {"supervised_reconviction_2y",
     "reconviction within 2 years, people supervised at their index event (community measure "
     "or supervised release)"},
    {"release_reconviction_3y", "reconviction within 3 years, released people"},
    {"housing_need_reconviction_1y",
     "reconviction within 1 year, people without stable housing at entry"},
    {"employment_need_reconviction_3y",
     "reconviction within 3 years, people with an employment need at entry"},
    {"technical_violations_per_year", "breaches recorded a year (technical violations)"},
    {"revocations_per_year", "revocations a year"},
}};

bool supervised_at_index(const model::PersonRecord& p) {
  return p.origin == model::Origin::Community || model::is_supervised_release(p.release_type);
}

std::string fmt(double v, const char* format = "%.3g") {
  if (std::isnan(v)) return "n/a";
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string percent(double v, int decimals = 1) {
  if (std::isnan(v)) return "n/a";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, 100 * v);
  return buf;
}

std::string overrides_text(const std::vector<ScenarioOverride>& overrides) {
  if (overrides.empty()) return "the scenario as is";
  std::string text;
  for (const ScenarioOverride& o : overrides) {
    if (!text.empty()) text += ", ";
    text.append("`").append(o.name).append(" = ").append(o.value_text).append("`");
  }
  return text;
}

}  // namespace

std::span<const EffectMetric> effect_metrics() {
  return kEffectMetrics;
}

std::vector<double> effect_metric_values(const model::ReplicateOutput& out) {
  EventSample all, supervised, released, housing, employment;
  for (const model::PersonRecord& p : out.persons) {
    all.add(p, Outcome::Reconviction);
    if (supervised_at_index(p)) supervised.add(p, Outcome::Reconviction);
    if (p.origin == model::Origin::Prison && p.release_type != model::ReleaseType::None)
      released.add(p, Outcome::Reconviction);
    if (p.needs_at_entry & kNeedHousing) housing.add(p, Outcome::Reconviction);
    if (p.needs_at_entry & kNeedEmployment) employment.add(p, Outcome::Reconviction);
  }
  double violations = 0, revocations = 0;
  for (const model::MonthlySiteRecord& m : out.monthly)
    violations += m.technical_violations, revocations += m.revocations;
  const double per_year = out.months > 0 ? 12.0 / double(out.months) : kNaN;
  return {incidence_at(all, years_to_days(1)).value,
          incidence_at(all, years_to_days(2)).value,
          incidence_at(supervised, years_to_days(2)).value,
          incidence_at(released, years_to_days(3)).value,
          incidence_at(housing, years_to_days(1)).value,
          incidence_at(employment, years_to_days(3)).value,
          violations * per_year,
          revocations * per_year};
}

int ValidationReport::targets_inside() const {
  int n = 0;
  for (const TargetResult& t : targets) n += t.inside();
  return n;
}

int ValidationReport::unexpected_failures() const {
  int n = 0;
  for (const TargetResult& t : targets) n += !t.inside() && t.target.known_conflict.empty();
  return n;
}

ValidationReport validate(const StudyFile& study, const ValidationOptions& options) {
  ValidationReport report;
  report.target_replicates = study.replicates;
  report.effect_replicates = study.effect_replicates;
  if (options.progress) options.progress("targets: " + study.scenario.name);
  report.targets = evaluate_targets(
      study.scenario, study.targets,
      EvaluationOptions{study.replicates, study.seed, options.threads, options.cancelled});
  if (!options.effects) return report;

  // Runs each distinct configuration once: several effects share a base.
  std::map<std::string, std::vector<std::vector<double>>> cache;
  auto metric_values = [&](const std::vector<ScenarioOverride>& overrides) {
    std::string key = overrides_text(overrides);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    if (options.progress) options.progress("effects: " + key);
    RunnerOptions runner;
    runner.replicates = study.effect_replicates;
    runner.seed = study.seed;
    runner.threads = options.threads;
    runner.cancelled = options.cancelled;
    std::vector<std::vector<double>> values;
    for (const model::ReplicateOutput& out :
         run_replicates(with_overrides(study.effect_scenario, overrides), runner))
      values.push_back(effect_metric_values(out));
    return cache[key] = values;
  };
  auto metrics = effect_metrics();
  for (const EffectSpec& spec : study.effects) {
    EffectResult effect{spec, {}};
    auto base = metric_values(spec.base);
    auto variant = metric_values(spec.variant);
    for (const EffectCheck& check : spec.checks) {
      std::size_t k = 0;
      while (k < metrics.size() && metrics[k].name != check.metric) ++k;
      EffectCheckResult r{check, {}, {}, {}};
      if (k == metrics.size()) {
        r.base = r.variant = r.relative = stats::Interval{kNaN, kNaN, kNaN, kNaN, 0};
        effect.checks.push_back(r);
        continue;
      }
      std::vector<double> b, v;
      for (std::size_t i = 0; i < base.size(); ++i)
        b.push_back(base[i][k]), v.push_back(variant[i][k]);
      r.base = interval_over_replicates(b);
      r.variant = interval_over_replicates(v);
      stats::Interval d = b.size() > 1 ? stats::paired_difference(b, v)
                                       : stats::Interval{v[0] - b[0], kNaN, kNaN, kNaN, 1};
      double scale = r.base.mean;
      r.relative = {d.mean / scale, d.lo / scale, d.hi / scale, d.sd / scale, d.n};
      effect.checks.push_back(r);
    }
    report.effects.push_back(std::move(effect));
  }
  return report;
}

void write_validation_markdown(std::ostream& out, const StudyFile& study,
                               const ValidationReport& report, const std::string& command_line) {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  out << "# Validation of the French baseline\n\n"
      << "<!-- Generated by spipsim validate: do not edit by hand. -->\n\n"
      << "Generated by `" << command_line << "` with spipsim " << io::spipsim_version()
      << " at git " << io::git_revision() << ", " << date << ". Do not edit by hand: run the "
      << "command again.\n\n"
      << "- Scenario: `" << study.scenario_path.filename().string() << "` (" << study.scenario.name
      << "), seed " << study.seed << ".\n"
      << "- Targets: `" << study.targets_path.filename().string() << "` (FNV-1a "
      << text_hash(study.targets_text) << "), " << report.target_replicates
      << " replicates; configuration: " << overrides_text(study.reduced) << ".\n";
  if (!report.effects.empty())
    out << "- Effects: " << report.effect_replicates
        << " replicates of each base and variant under common random numbers; configuration: "
        << overrides_text(study.effect_reduced) << ".\n";
  out << "\nStocks and flows are national figures: the simulated ones divided by the simulated "
         "share of France. A target passes when the mean over replicates is within its "
         "tolerance of the published value; the interval is the 95% Student t interval over "
         "replicates.\n\n## Targets\n\n"
      << "| target | simulated | 95% interval | published | tolerance | |\n"
      << "|---|---:|---|---:|---:|---|\n";
  for (const TargetResult& r : report.targets) {
    bool share = r.target.metric->unit == "share";
    auto f = [&](double v) { return share ? percent(v) : fmt(v, "%.1f"); };
    auto tol = [&](double v) { return share ? percent(v, 0) : fmt(v, "%.0f"); };
    out << "| " << r.target.metric->label << " (`" << r.target.metric->name << "`) | "
        << f(r.simulated.mean) << " | [" << f(r.simulated.lo) << ", " << f(r.simulated.hi) << "] | "
        << f(r.target.value) << " | ±" << tol(r.target.tolerance) << " | "
        << (r.inside() ? "pass" : "**FAIL**") << " |\n";
  }
  out << "\n"
      << report.targets_inside() << " of " << report.targets.size()
      << " targets inside their tolerance.\n";
  if (report.effects.empty()) return;
  out << "\n## Effects against the literature\n\n"
      << "Relative change = (variant − base) / base, paired replicate by replicate; the "
         "interval is the paired 95% interval. *Inside* means the mean change falls in the range "
         "read from the literature (data/targets.toml `[effects]`); an effect outside it is "
         "reported, not tuned.\n\n"
      << "| effect | metric | base | variant | relative change [95% CI] | literature range | |\n"
      << "|---|---|---:|---:|---|---|---|\n";
  for (const EffectResult& e : report.effects)
    for (const EffectCheckResult& c : e.checks) {
      bool rate = c.check.metric.find("per_year") == std::string::npos;
      auto f = [&](double v) { return rate ? percent(v) : fmt(v, "%.0f"); };
      out << "| " << e.spec.name << " | `" << c.check.metric << "` | " << f(c.base.mean) << " | "
          << f(c.variant.mean) << " | " << percent(c.relative.mean) << " ["
          << percent(c.relative.lo) << ", " << percent(c.relative.hi) << "] | ["
          << percent(c.check.low, 0) << ", " << percent(c.check.high, 0) << "] | "
          << (c.inside() ? "inside" : "**outside**") << " |\n";
    }
  out << "\n### What each effect compares\n\n";
  for (const EffectResult& e : report.effects)
    out << "- **" << e.spec.name << "**: base " << overrides_text(e.spec.base) << "; variant "
        << overrides_text(e.spec.variant) << ". Literature: " << e.spec.literature << "\n";
  out << "\nMetrics:\n\n";
  for (const EffectMetric& m : effect_metrics())
    out << "- `" << m.name << "`: " << m.description << "\n";
}

}  // namespace spipsim::experiment
