#include "sim/experiment/outcomes/scenario_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/experiment/outcomes/run_accumulator.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr stats::Interval kUndefined{kNaN, kNaN, kNaN, kNaN, 0};

// The replicates where both sides are defined, as two aligned vectors.
struct Pairs {
  std::vector<double> base, variant;
};

Pairs defined_pairs(const std::vector<double>& base, const std::vector<double>& variant,
                    std::string_view what) {
  if (base.size() != variant.size())
    throw std::invalid_argument("compare: '" + std::string(what) + "' has " +
                                std::to_string(base.size()) + " base replicates and " +
                                std::to_string(variant.size()) + " variant replicates");
  Pairs pairs;
  for (std::size_t r = 0; r < base.size(); ++r) {
    if (std::isnan(base[r]) || std::isnan(variant[r])) continue;
    pairs.base.push_back(base[r]);
    pairs.variant.push_back(variant[r]);
  }
  return pairs;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return values.empty() ? kNaN : sum / double(values.size());
}

}  // namespace

ScenarioResult scenario_result(RunInfo info, RunAccumulator& accumulator, double level) {
  ScenarioResult result;
  result.info = std::move(info);
  result.analysis = accumulator.finish(level);
  result.sites = result.analysis.site_info;
  result.reconvictions_per_year = accumulator.reconvictions_per_year();
  return result;
}

ScenarioResult scenario_result(RunInfo info, const std::vector<model::ReplicateOutput>& outputs,
                               double level) {
  RunAccumulator accumulator(static_cast<std::uint32_t>(outputs.size()));
  for (std::uint32_t r = 0; r < outputs.size(); ++r) accumulator.add(r, outputs[r]);
  return scenario_result(std::move(info), accumulator, level);
}

FigureComparison compare_figure(const Headline& base, const Headline& variant, double level) {
  FigureComparison c{base.name,     base.label,       base.unit,  base.group,
                     base.interval, variant.interval, kUndefined, kNaN};
  Pairs pairs = defined_pairs(base.per_replicate, variant.per_replicate, base.name);
  if (pairs.base.empty()) return c;
  c.difference = stats::paired_difference(pairs.base, pairs.variant, level);
  const double base_mean = mean_of(pairs.base);
  c.relative_change = base_mean != 0.0 ? c.difference.mean / base_mean : kNaN;
  return c;
}

std::string_view ratio_method_text(RatioMethod method) {
  switch (method) {
    case RatioMethod::PerReplicate:
      return "per replicate";
    case RatioMethod::RatioOfMeans:
      return "ratio of means, no interval: a replicate avoided none";
    case RatioMethod::NoneAvoided:
      return "no reconvictions avoided";
  }
  return "unknown";
}

std::string_view ratio_method_key(RatioMethod method) {
  switch (method) {
    case RatioMethod::PerReplicate:
      return "per_replicate";
    case RatioMethod::RatioOfMeans:
      return "ratio_of_means";
    case RatioMethod::NoneAvoided:
      return "no_reconvictions_avoided";
  }
  return "unknown";
}

CostPerReconvictionAvoided cost_per_reconviction_avoided(const std::vector<double>& cost_base,
                                                         const std::vector<double>& cost_variant,
                                                         const std::vector<double>& reconv_base,
                                                         const std::vector<double>& reconv_variant,
                                                         double level) {
  if (cost_base.size() != cost_variant.size() || cost_base.size() != reconv_base.size() ||
      cost_base.size() != reconv_variant.size())
    throw std::invalid_argument("cost_per_reconviction_avoided: replicate counts differ");
  // Keep the replicates where all four are defined, so numerator and denominator are
  // averaged over the same replicates.
  std::vector<double> cost_difference, avoided;
  for (std::size_t r = 0; r < cost_base.size(); ++r) {
    double cost = cost_variant[r] - cost_base[r];
    double fewer = reconv_base[r] - reconv_variant[r];
    if (std::isnan(cost) || std::isnan(fewer)) continue;
    cost_difference.push_back(cost);
    avoided.push_back(fewer);
  }
  CostPerReconvictionAvoided result{kUndefined, kUndefined, kUndefined, RatioMethod::NoneAvoided};
  if (avoided.empty()) return result;
  result.cost_difference = stats::mean_interval(cost_difference, level);
  result.avoided = stats::mean_interval(avoided, level);

  bool every_replicate_avoided = true;
  for (double a : avoided) every_replicate_avoided = every_replicate_avoided && a > 0.0;
  if (every_replicate_avoided) {
    std::vector<double> ratios;
    for (std::size_t r = 0; r < avoided.size(); ++r)
      ratios.push_back(cost_difference[r] / avoided[r]);
    result.ratio = stats::mean_interval(ratios, level);
    result.method = RatioMethod::PerReplicate;
  } else if (result.avoided.mean > 0.0) {
    result.ratio = {result.cost_difference.mean / result.avoided.mean, kNaN, kNaN, kNaN,
                    avoided.size()};
    result.method = RatioMethod::RatioOfMeans;
  }
  return result;
}

const FigureComparison* Comparison::find(std::string_view name) const {
  for (const FigureComparison& f : figures)
    if (f.name == name) return &f;
  return nullptr;
}

Comparison compare(const ScenarioResult& base, const ScenarioResult& variant, double level) {
  if (base.info.seed != variant.info.seed || base.info.replicates != variant.info.replicates)
    throw std::invalid_argument("compare: '" + variant.info.scenario +
                                "' was not run with the base's seed and replicates");
  const std::vector<Headline>& b = base.analysis.summary.headlines;
  const std::vector<Headline>& v = variant.analysis.summary.headlines;
  if (b.size() != v.size())
    throw std::invalid_argument("compare: the two runs have different headlines");
  Comparison c{base.info.scenario, variant.info.scenario, {}, {}};
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (b[i].name != v[i].name)
      throw std::invalid_argument("compare: headline '" + b[i].name + "' against '" + v[i].name +
                                  "'");
    c.figures.push_back(compare_figure(b[i], v[i], level));
  }
  // The flow of reconvictions is not a headline of a run, but it is the denominator of the
  // cost per reconviction avoided, so it is shown next to it.
  const HeadlineEntry& flow = comparison_figure("reconvictions_per_year");
  Headline base_flow{
      std::string(flow.name),      std::string(flow.label),
      std::string(flow.unit),      flow.group,
      base.reconvictions_per_year, interval_over_replicates(base.reconvictions_per_year, level)};
  Headline variant_flow = base_flow;
  variant_flow.per_replicate = variant.reconvictions_per_year;
  variant_flow.interval = interval_over_replicates(variant.reconvictions_per_year, level);
  c.figures.push_back(compare_figure(base_flow, variant_flow, level));

  const Headline* base_cost = base.analysis.summary.find("cost_total_per_year");
  const Headline* variant_cost = variant.analysis.summary.find("cost_total_per_year");
  if (!base_cost || !variant_cost)
    throw std::invalid_argument("compare: no cost_total_per_year headline");
  c.cost_per_reconviction = cost_per_reconviction_avoided(
      base_cost->per_replicate, variant_cost->per_replicate, base.reconvictions_per_year,
      variant.reconvictions_per_year, level);
  return c;
}

std::vector<std::string> distinct_names(const std::vector<std::string>& names) {
  std::vector<std::string> distinct;
  for (const std::string& name : names) {
    const std::string stem = name.empty() ? "scenario" : name;
    std::string candidate = stem;
    for (int suffix = 2; std::find(distinct.begin(), distinct.end(), candidate) != distinct.end();
         ++suffix)
      candidate = stem + "-" + std::to_string(suffix);
    distinct.push_back(candidate);
  }
  return distinct;
}

}  // namespace spipsim::experiment
