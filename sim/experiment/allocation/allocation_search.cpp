#include "sim/experiment/allocation/allocation_search.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/engine/content_hash.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/io/run_manifest.hpp"
#include "sim/params/diagnostic.hpp"

namespace spipsim::experiment {
namespace {

using params::ParamId;

constexpr std::uint64_t kEvalBase = 0, kEvalPopulation = 1, kEvalCaseload = 2, kEvalFloor = 3,
                        kEvalFirstRound = 4;

std::string plan_text(const std::vector<std::string>& sites, const PostPlan& plan) {
  std::string text;
  for (std::size_t c = 0; c < sites.size(); ++c)
    if (plan[c] > 0) text += (text.empty() ? "" : ",") + sites[c] + ":" + std::to_string(plan[c]);
  return text;
}

std::uint32_t total(const PostPlan& plan) {
  return std::accumulate(plan.begin(), plan.end(), std::uint32_t{0});
}

// Mean over replicates of one value of an evaluation.
double mean_of(const Allocation& a, const TaskResults& results, std::uint64_t evaluation,
               std::size_t k) {
  double sum = 0;
  for (std::uint32_t r = 0; r < a.replicates; ++r)
    sum += results.of(evaluation * a.replicates + r)[k];
  return sum / a.replicates;
}

std::vector<double> objective_by_replicate(const Allocation& a, const TaskResults& results,
                                           std::uint64_t evaluation) {
  std::vector<double> out;
  for (std::uint32_t r = 0; r < a.replicates; ++r)
    out.push_back(objective_value(a.file.objective, results.of(evaluation * a.replicates + r)));
  return out;
}

std::vector<double> site_objective_by_replicate(const Allocation& a, const TaskResults& results,
                                                std::uint64_t evaluation, std::size_t c) {
  std::vector<double> out;
  for (std::uint32_t r = 0; r < a.replicates; ++r)
    out.push_back(site_objective_value(a.file.objective,
                                       results.of(evaluation * a.replicates + r), c));
  return out;
}

std::vector<double> value_by_replicate(const Allocation& a, const TaskResults& results,
                                       std::uint64_t evaluation, std::size_t k) {
  std::vector<double> out;
  for (std::uint32_t r = 0; r < a.replicates; ++r)
    out.push_back(results.of(evaluation * a.replicates + r)[k]);
  return out;
}

PlanEffect effect_of(const Allocation& a, const TaskResults& results, std::string name,
                     const PostPlan& plan, std::uint64_t evaluation) {
  PlanEffect e{std::move(name), plan, evaluation, {}, {}, {}};
  auto base = [&](std::size_t k) { return value_by_replicate(a, results, kEvalBase, k); };
  auto variant = [&](std::size_t k) { return value_by_replicate(a, results, evaluation, k); };
  // Reconvictions avoided = base - variant: a positive number is good.
  e.reconvictions_avoided =
      stats::paired_difference(variant(kAllocReconvictions), base(kAllocReconvictions));
  e.reintegrated_gained =
      stats::paired_difference(base(kAllocReintegrated), variant(kAllocReintegrated));
  e.cost_change_eur = stats::paired_difference(base(kAllocCost), variant(kAllocCost));
  return e;
}

// Share of replicates in which plan a's objective is strictly better than plan b's (ties
// count one half): the probability, over the model's randomness, that a beats b.
double probability_better(const Allocation& a, const TaskResults& results, std::uint64_t first,
                          std::uint64_t second) {
  const std::vector<double> x = objective_by_replicate(a, results, first);
  const std::vector<double> y = objective_by_replicate(a, results, second);
  double wins = 0;
  for (std::size_t r = 0; r < x.size(); ++r) wins += x[r] > y[r] ? 1.0 : x[r] == y[r] ? 0.5 : 0.0;
  return wins / double(x.size());
}


// The greedy's state: the plan so far, its evaluation, the posts still to place.
struct Greedy {
  PostPlan plan;
  std::uint64_t current = 0;
  std::uint32_t remaining = 0;
};

// Each round measures `step` more posts at every candidate, one evaluation each, against
// the current plan with the same replicates (common random numbers), and keeps the best
// mean paired gain. Returns the evaluations used.
std::uint64_t greedy_one_at_a_time(const Allocation& a, const TaskResults& results,
                                   const BatchRunner& run_batch, Greedy& g,
                                   AllocationResult& out) {
  const std::size_t n = a.sites.size();
  const std::uint32_t cap = a.file.max_per_site.value_or(a.file.posts);
  std::uint64_t next = kEvalFirstRound;
  for (std::uint32_t round = 0; g.remaining > 0; ++round) {
    const std::uint32_t step = std::min(a.file.step, g.remaining);
    EvaluationBatch batch;
    std::vector<std::uint64_t> evaluation(n, 0);
    for (std::size_t c = 0; c < n; ++c) {
      if (g.plan[c] + step > cap) continue;
      PostPlan candidate = g.plan;
      candidate[c] += step;
      evaluation[c] = next + c;
      batch.emplace_back(evaluation[c], std::move(candidate));
    }
    if (batch.empty()) {
      out.unplaced = g.remaining;
      break;
    }
    run_batch(batch);
    GreedyRound r{round, step, n, std::vector<stats::Interval>(n), {}, next};
    const std::vector<double> now = objective_by_replicate(a, results, g.current);
    double best = -INFINITY;
    for (std::size_t c = 0; c < n; ++c) {
      if (evaluation[c] == 0) continue;
      r.marginal[c] =
          stats::paired_difference(now, objective_by_replicate(a, results, evaluation[c]));
      if (r.marginal[c].mean > best) {
        best = r.marginal[c].mean;
        r.chosen = c;
      }
    }
    r.exact = r.marginal;
    g.plan[r.chosen] += step;
    g.current = evaluation[r.chosen];
    g.remaining -= step;
    next += n;
    out.rounds.push_back(std::move(r));
  }
  return next;
}

// Each round runs the current plan P and P + step at every eligible candidate at once
// (paired replicates), and reads each site's gain on its own people: first order, since
// sites interact through transfers (committals and releases within a DISP), which this
// counts at the receiving site. With a screen, the best `screen` sites by that gain are
// then measured one at a time (exact) and the best exact gain is kept. `first` (the rules
// and the floor) runs with round 0. Returns the evaluations used.
std::uint64_t greedy_simultaneous(const Allocation& a, const TaskResults& results,
                                  const BatchRunner& run_batch, EvaluationBatch first,
                                  Greedy& g, AllocationResult& out) {
  const std::size_t n = a.sites.size();
  const std::uint32_t cap = a.file.max_per_site.value_or(a.file.posts);
  const std::uint64_t block = 2 + std::uint64_t{a.file.screen};
  EvaluationBatch batch = std::move(first);
  bool current_run = true;  // g.current is evaluated, or is in `batch`
  std::uint32_t round = 0;
  for (; g.remaining > 0; ++round) {
    const std::uint64_t at = kEvalFirstRound + round * block;
    const std::uint32_t step = std::min(a.file.step, g.remaining);
    if (!current_run) {
      batch.emplace_back(at, g.plan);
      g.current = at;
      current_run = true;
    }
    PostPlan everywhere = g.plan;
    std::vector<std::size_t> eligible;
    for (std::size_t c = 0; c < n; ++c)
      if (g.plan[c] + step <= cap) {
        everywhere[c] += step;
        eligible.push_back(c);
      }
    if (eligible.empty()) {
      out.unplaced = g.remaining;
      break;
    }
    batch.emplace_back(at + 1, std::move(everywhere));
    run_batch(batch);
    batch.clear();
    GreedyRound r{round, step, n, std::vector<stats::Interval>(n),
                  std::vector<stats::Interval>(n), at};
    for (std::size_t c : eligible)
      r.marginal[c] = stats::paired_difference(site_objective_by_replicate(a, results, g.current, c),
                                               site_objective_by_replicate(a, results, at + 1, c));
    // Best first-order gain first; ties to the first candidate in the file's order.
    std::stable_sort(eligible.begin(), eligible.end(), [&](std::size_t x, std::size_t y) {
      return r.marginal[x].mean > r.marginal[y].mean;
    });
    r.chosen = eligible.front();
    if (a.file.screen > 0) {
      eligible.resize(std::min<std::size_t>(eligible.size(), a.file.screen));
      std::sort(eligible.begin(), eligible.end());  // ties of exact gains: file order
      EvaluationBatch screened;
      for (std::size_t i = 0; i < eligible.size(); ++i) {
        PostPlan candidate = g.plan;
        candidate[eligible[i]] += step;
        screened.emplace_back(at + 2 + i, std::move(candidate));
      }
      run_batch(screened);
      const std::vector<double> now = objective_by_replicate(a, results, g.current);
      double best = -INFINITY;
      for (std::size_t i = 0; i < eligible.size(); ++i) {
        const std::size_t c = eligible[i];
        r.exact[c] = stats::paired_difference(now, objective_by_replicate(a, results, at + 2 + i));
        if (r.exact[c].mean > best) {
          best = r.exact[c].mean;
          r.chosen = c;
          g.current = at + 2 + i;  // P + step at the chosen site: the next round's P
        }
      }
    } else {
      current_run = false;  // the next plan is run with the next round (or at the end)
    }
    g.plan[r.chosen] += step;
    g.remaining -= step;
    out.rounds.push_back(std::move(r));
  }
  if (!current_run) {
    g.current = kEvalFirstRound + round * block;
    batch.emplace_back(g.current, g.plan);
  }
  if (!batch.empty()) run_batch(batch);
  return kEvalFirstRound + (round + 1) * block;
}

}  // namespace

double objective_value(AllocationObjective objective, std::span<const double> values) {
  switch (objective) {
    case AllocationObjective::ReconvictionsAvoided:
      return -values[kAllocReconvictions];
    case AllocationObjective::Reintegrated12m:
      return values[kAllocReintegrated];
    case AllocationObjective::Cost:
      return -values[kAllocCost];
  }
  return 0;
}

double site_objective_value(AllocationObjective objective, std::span<const double> values,
                            std::size_t c) {
  const std::size_t k = kAllocSiteBase + kAllocSiteWidth * c;
  switch (objective) {
    case AllocationObjective::ReconvictionsAvoided:
      return -values[k + kAllocSiteReconvictions];
    case AllocationObjective::Reintegrated12m:
      return values[k + kAllocSiteReintegrated];
    case AllocationObjective::Cost:
      return -values[k + kAllocSiteCost];
  }
  return 0;
}

std::uint64_t evaluations_needed(const AllocationFile& f, std::size_t sites) {
  const std::uint64_t rounds = (f.posts + f.step - 1) / f.step;
  if (f.method == AllocationMethod::OneAtATime) return kEvalFirstRound + rounds * sites;
  return kEvalFirstRound + (rounds + 1) * (2 + std::uint64_t{f.screen});
}

PostPlan pro_rata(const std::vector<double>& weights, std::uint32_t posts) {
  PostPlan plan(weights.size(), 0);
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (weights.empty() || !(sum > 0)) return plan;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint32_t placed = 0;
  for (std::size_t c = 0; c < weights.size(); ++c) {
    const double quota = posts * weights[c] / sum;
    plan[c] = static_cast<std::uint32_t>(std::floor(quota));
    placed += plan[c];
    remainders.emplace_back(quota - plan[c], c);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  for (std::size_t i = 0; placed < posts; ++i, ++placed) ++plan[remainders[i % remainders.size()].second];
  return plan;
}

Allocation make_allocation(AllocationFile file, params::Scenario base) {
  Allocation a;
  a.file = std::move(file);
  a.base = std::move(base);
  a.replicates = static_cast<std::uint32_t>(a.base.values.integer(ParamId::run_replicates));
  a.seed = static_cast<std::uint64_t>(a.base.values.integer(ParamId::run_seed));
  a.years = a.base.values.real(ParamId::run_years);
  if (a.replicates < 2) {
    params::Diagnostic d;
    d.file = a.file.path.string();
    d.key = "replicates";
    d.rule = "an allocation needs at least 2 replicates for its intervals";
    throw params::ScenarioError({d});
  }
  // The candidates: the file's list, or every simulated site. Both are checked by the
  // model's own check of staffing.added_posts ("code:0" for each), so an unknown or
  // unsimulated code is refused like in a scenario.
  a.sites = a.file.sites;
  if (a.sites.empty()) {
    const model::ReplicateOutput probe = [&] {
      params::Scenario tiny = a.base;
      tiny.values.set(ParamId::run_years, {1.0 / 12.0, ""});
      tiny.values.set(ParamId::run_warmup_years, {0.0, ""});
      return model::run_replicate(tiny, 0, a.seed);
    }();
    for (const model::SiteInfo& s : probe.sites) a.sites.push_back(s.code);
  }
  params::Scenario probe = a.base;
  std::string listed;
  for (const std::string& code : a.sites) listed += (listed.empty() ? "" : ",") + code + ":0";
  probe.values.set(ParamId::staffing_added_posts, {0.0, listed});
  try {
    model::check_scenario_data(probe);
  } catch (const params::ScenarioError& error) {
    std::vector<params::Diagnostic> problems = error.diagnostics;
    for (params::Diagnostic& d : problems)
      if (d.key == "staffing.added_posts") {
        d.file = a.file.path.string();
        d.key = "sites";
      }
    throw params::ScenarioError(problems);
  }
  a.evaluations_max = evaluations_needed(a.file, a.sites.size());

  engine::ContentHash hash;
  hash.text(io::spipsim_version()).text(io::git_revision()).text(a.file.text);
  hash.text(a.base.resolved_toml()).number(a.seed).number(std::uint64_t{a.replicates});
  // The method decides which plans the task numbers stand for (also in the file's text;
  // said again so a journal of the other method can never be replayed).
  hash.text(method_name(a.file.method)).number(std::uint64_t{a.file.screen});
  for (const std::string& s : a.sites) hash.text(s);
  a.fingerprint = hash.value();
  return a;
}

params::Scenario scenario_for_plan(const Allocation& a, const PostPlan& plan) {
  params::Scenario scenario = a.base;
  std::string text = scenario.values.text(ParamId::staffing_added_posts);
  const std::string added = plan_text(a.sites, plan);
  if (!added.empty()) text += (text.empty() ? "" : ",") + added;  // the model sums repeats
  scenario.values.set(ParamId::staffing_added_posts, {0.0, text});
  return scenario;
}

std::vector<double> run_allocation_task(const Allocation& a, const PostPlan& plan,
                                        std::uint32_t replicate,
                                        const model::RunControl& control) {
  const model::ReplicateOutput out =
      model::run_replicate(scenario_for_plan(a, plan), replicate, a.seed, control);
  std::vector<double> values(a.width(), 0.0);
  for (const model::PersonRecord& p : out.persons)
    values[kAllocReintegrated] += p.reintegrated_12m == 1 ? 1.0 : 0.0;
  values[kAllocCost] = out.cost_officers_eur + out.cost_prison_eur + out.cost_community_eur +
                       out.cost_electronic_monitoring_eur + out.cost_semi_liberte_eur +
                       out.cost_partners_eur + out.cost_digital_eur + out.cost_training_eur +
                       out.cost_insertion_eur;
  // Simulated site index -> candidate index.
  std::vector<std::ptrdiff_t> candidate(out.sites.size(), -1);
  for (std::size_t s = 0; s < out.sites.size(); ++s) {
    auto it = std::find(a.sites.begin(), a.sites.end(), out.sites[s].code);
    if (it != a.sites.end()) candidate[s] = it - a.sites.begin();
  }
  std::vector<double> cases(a.sites.size(), 0.0), officers(a.sites.size(), 0.0);
  std::vector<double> months(a.sites.size(), 0.0);
  auto site_value = [&](std::size_t site, std::size_t what) -> double* {
    const std::ptrdiff_t c = site < candidate.size() ? candidate[site] : -1;
    return c < 0 ? nullptr : &values[kAllocSiteBase + kAllocSiteWidth * std::size_t(c) + what];
  };
  for (const model::PersonRecord& p : out.persons)
    if (double* v = site_value(p.site, kAllocSiteReintegrated); v && p.reintegrated_12m == 1) *v += 1;
  for (const model::MonthlySiteRecord& m : out.monthly) {
    values[kAllocReconvictions] += m.reconvictions;
    const std::ptrdiff_t c = m.site < candidate.size() ? candidate[m.site] : -1;
    if (c < 0) continue;
    cases[std::size_t(c)] += m.supervised;
    officers[std::size_t(c)] += m.officers_community;
    months[std::size_t(c)] += 1;
    *site_value(m.site, kAllocSiteReconvictions) += m.reconvictions;
    // The same cost lines as the total above, for this site's month.
    *site_value(m.site, kAllocSiteCost) +=
        m.cost_officers_eur + m.cost_prison_eur + m.cost_community_eur +
        m.cost_electronic_monitoring_eur + m.cost_semi_liberte_eur + m.cost_partners_eur +
        m.cost_digital_eur + m.cost_training_eur + m.cost_insertion_eur;
  }
  for (std::size_t s = 0; s < out.sites.size(); ++s) {
    if (candidate[s] < 0) continue;
    const std::size_t c = std::size_t(candidate[s]);
    const std::size_t k = kAllocSiteBase + kAllocSiteWidth * c;
    values[k] = officers[c] > 0 ? cases[c] / officers[c] : std::nan("");
    values[k + 1] = months[c] > 0 ? officers[c] / months[c] : 0.0;
    values[k + 2] = out.sites[s].population;
  }
  return values;
}

AllocationResult allocate(const Allocation& a, const TaskResults& results,
                          const BatchRunner& run_batch) {
  const std::size_t n = a.sites.size();
  const AllocationFile& f = a.file;
  const std::uint32_t cap = f.max_per_site.value_or(f.posts);
  AllocationResult out;
  run_batch({{kEvalBase, PostPlan(n, 0)}});

  // Floors: the minimum, then what the workload cap needs if today's cases stay put
  // (cases / (officers + x) <= cap, so x = ceil(officers * (caseload / cap - 1))).
  out.floor.assign(n, f.min_per_site);
  std::vector<double> caseload_weight(n);
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t k = kAllocSiteBase + kAllocSiteWidth * c;
    out.base_caseload.push_back(mean_of(a, results, kEvalBase, k));
    out.base_officers.push_back(mean_of(a, results, kEvalBase, k + 1));
    out.population.push_back(mean_of(a, results, kEvalBase, k + 2));
    caseload_weight[c] = out.base_caseload[c] * out.base_officers[c];  // people supervised
    if (!std::isfinite(caseload_weight[c])) caseload_weight[c] = 0.0;  // no community officer
    if (f.workload_cap && out.base_caseload[c] > *f.workload_cap) {
      const double need = std::ceil(out.base_officers[c] * (out.base_caseload[c] / *f.workload_cap - 1.0) - 1e-9);
      out.floor[c] = std::max(out.floor[c], static_cast<std::uint32_t>(need));
    }
    if (f.max_per_site && out.floor[c] > *f.max_per_site)
      throw AllocationInfeasible("site " + a.sites[c] + " needs " + std::to_string(out.floor[c]) +
                                 " posts (minimum or workload cap), more than max_per_site = " +
                                 std::to_string(cap));
  }
  if (total(out.floor) > f.posts)
    throw AllocationInfeasible("the minimums and the workload cap need " +
                               std::to_string(total(out.floor)) + " posts, more than the " +
                               std::to_string(f.posts) + " to allocate");

  const PostPlan by_population = pro_rata(out.population, f.posts);
  const PostPlan by_caseload = pro_rata(caseload_weight, f.posts);
  EvaluationBatch second{{kEvalPopulation, by_population}, {kEvalCaseload, by_caseload}};
  const bool has_floor = total(out.floor) > 0;
  if (has_floor) second.emplace_back(kEvalFloor, out.floor);

  Greedy g{out.floor, has_floor ? kEvalFloor : kEvalBase, f.posts - total(out.floor)};
  if (f.method == AllocationMethod::Simultaneous) {
    out.evaluations = greedy_simultaneous(a, results, run_batch, std::move(second), g, out);
  } else {
    run_batch(second);
    out.evaluations = greedy_one_at_a_time(a, results, run_batch, g, out);
  }
  const PostPlan& plan = g.plan;
  const std::uint64_t current = g.current;

  out.greedy = effect_of(a, results, "greedy", plan, current);
  out.pro_rata_population = effect_of(a, results, "pro_rata_population", by_population, kEvalPopulation);
  out.pro_rata_caseload = effect_of(a, results, "pro_rata_caseload", by_caseload, kEvalCaseload);
  out.p_beats_population = probability_better(a, results, current, kEvalPopulation);
  out.p_beats_caseload = probability_better(a, results, current, kEvalCaseload);
  for (std::size_t c = 0; c < n; ++c)
    out.final_caseload.push_back(mean_of(a, results, current, kAllocSiteBase + kAllocSiteWidth * c));
  return out;
}

}  // namespace spipsim::experiment
