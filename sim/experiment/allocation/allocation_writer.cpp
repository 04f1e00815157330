#include "sim/experiment/allocation/allocation_writer.hpp"

#include <cmath>
#include <cstdio>

#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/io/run_manifest.hpp"

namespace spipsim::experiment {
namespace {

constexpr const char* kManifest = "/manifest";

std::string hex(std::uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

std::vector<std::int64_t> as_int(const PostPlan& plan) {
  return std::vector<std::int64_t>(plan.begin(), plan.end());
}

io::Table sites_table(const Allocation& a, const AllocationResult& r) {
  io::Table t;
  t.add("code", "", "département code of the SPIP site (candidate)", a.sites)
      .add("population", "people", "population of the département", r.population)
      .add("caseload_base", "cases/officer",
           "community cases per community officer without new posts (mean over months and "
           "replicates)",
           r.base_caseload)
      .add("officers_base", "officers", "community officers without new posts (mean)",
           r.base_officers)
      .add("posts_floor", "posts", "posts the minimum and the workload cap require", as_int(r.floor))
      .add("posts_greedy", "posts", "posts of the greedy plan", as_int(r.greedy.plan))
      .add("posts_pro_rata_population", "posts", "posts shared pro rata population",
           as_int(r.pro_rata_population.plan))
      .add("posts_pro_rata_caseload", "posts", "posts shared pro rata community caseload",
           as_int(r.pro_rata_caseload.plan))
      .add("caseload_greedy", "cases/officer",
           "community cases per community officer under the greedy plan (mean)", r.final_caseload);
  return t;
}

io::Table effects_table(const AllocationResult& r) {
  std::vector<std::string> names;
  std::vector<double> cols[9];
  std::vector<double> p_pop, p_case;
  for (const PlanEffect* e : {&r.greedy, &r.pro_rata_population, &r.pro_rata_caseload}) {
    names.push_back(e->name);
    const stats::Interval* iv[3] = {&e->reconvictions_avoided, &e->reintegrated_gained,
                                    &e->cost_change_eur};
    for (int k = 0; k < 3; ++k) {
      cols[3 * k].push_back(iv[k]->mean);
      cols[3 * k + 1].push_back(iv[k]->lo);
      cols[3 * k + 2].push_back(iv[k]->hi);
    }
    const bool greedy = e == &r.greedy;
    p_pop.push_back(greedy ? r.p_beats_population : std::nan(""));
    p_case.push_back(greedy ? r.p_beats_caseload : std::nan(""));
  }
  io::Table t;
  t.add("plan", "", "greedy, pro_rata_population or pro_rata_caseload", names);
  const char* what[3][2] = {{"reconvictions_avoided", "reconvictions"},
                            {"reintegrated_gained", "people"},
                            {"cost_change", "EUR"}};
  const char* says[3] = {"reconvictions avoided over the window, paired against no new posts",
                         "more people reintegrated at 12 months, paired against no new posts",
                         "change of the window's total cost, paired against no new posts"};
  for (int k = 0; k < 3; ++k) {
    const std::string base = what[k][0];
    t.add(base, what[k][1], std::string(says[k]) + " (mean over replicates)", cols[3 * k])
        .add(base + "_lo", what[k][1], "lower end of the 95% interval", cols[3 * k + 1])
        .add(base + "_hi", what[k][1], "upper end of the 95% interval", cols[3 * k + 2]);
  }
  t.add("p_beats_pro_rata_population", "share",
        "greedy plan only: share of replicates where it beats pro rata population on the "
        "objective (ties count half)",
        p_pop)
      .add("p_beats_pro_rata_caseload", "share",
           "greedy plan only: share of replicates where it beats pro rata caseload", p_case);
  return t;
}

io::Table marginals_table(const Allocation& a, const AllocationResult& r) {
  std::vector<std::int64_t> round, step, chosen;
  std::vector<std::string> site;
  std::vector<double> mean, lo, hi, exact, exact_lo, exact_hi;
  for (const GreedyRound& g : r.rounds)
    for (std::size_t c = 0; c < a.sites.size(); ++c) {
      if (g.marginal[c].n == 0) continue;
      round.push_back(g.round);
      step.push_back(g.step);
      site.push_back(a.sites[c]);
      chosen.push_back(c == g.chosen);
      mean.push_back(g.marginal[c].mean);
      lo.push_back(g.marginal[c].lo);
      hi.push_back(g.marginal[c].hi);
      const bool measured = c < g.exact.size() && g.exact[c].n > 0;
      exact.push_back(measured ? g.exact[c].mean : std::nan(""));
      exact_lo.push_back(measured ? g.exact[c].lo : std::nan(""));
      exact_hi.push_back(measured ? g.exact[c].hi : std::nan(""));
    }
  const std::string unit = "objective";
  io::Table t;
  t.add("round", "", "greedy round (0 first)", round)
      .add("step", "posts", "posts added in this round", step)
      .add("code", "", "candidate site", site)
      .add("chosen", "1", "1 for the site that received the posts", chosen)
      .add("marginal", unit,
           "gain of the objective from `step` more posts here, paired against the current plan "
           "(mean over replicates; see /manifest objective; method simultaneous: counted on "
           "the site's own people with every candidate given `step` more posts at once)",
           mean)
      .add("marginal_lo", unit, "lower end of the 95% interval", lo)
      .add("marginal_hi", unit, "upper end of the 95% interval", hi)
      .add("marginal_exact", unit,
           "gain of the objective from `step` more posts at this site alone (one_at_a_time: "
           "every candidate, the same as marginal; simultaneous: the screened sites, else NaN)",
           exact)
      .add("marginal_exact_lo", unit, "lower end of the 95% interval", exact_lo)
      .add("marginal_exact_hi", unit, "upper end of the 95% interval", exact_hi);
  return t;
}

}  // namespace

void write_allocation(const std::filesystem::path& path, const Allocation& a,
                      const AllocationResult& r, const AllocationRunInfo& info) {
  io::H5FileWriter writer(path);
  io::write_manifest(writer, io::make_manifest({.command_line = info.command_line,
                                                .scenario_name = a.base.name,
                                                .scenario_text = a.base.resolved_toml(),
                                                .scenario_description = a.base.description,
                                                .seed = a.seed,
                                                .replicates = a.replicates,
                                                .years = a.years,
                                                .kind = "allocation"}));
  writer.attribute(kManifest, "allocation_name", a.file.name);
  writer.attribute(kManifest, "allocation_text", a.file.text);
  writer.attribute(kManifest, "objective", std::string(objective_name(a.file.objective)));
  writer.attribute(kManifest, "posts", std::uint64_t{a.file.posts});
  writer.attribute(kManifest, "step", std::uint64_t{a.file.step});
  writer.attribute(kManifest, "method", std::string(method_name(a.file.method)));
  writer.attribute(kManifest, "screen", std::uint64_t{a.file.screen});
  writer.attribute(kManifest, "posts_unplaced", std::uint64_t{r.unplaced});
  writer.attribute(kManifest, "evaluations", r.evaluations);
  writer.attribute(kManifest, "fingerprint", hex(a.fingerprint));
  writer.attribute(kManifest, "threads", std::int64_t{info.threads});
  writer.attribute(kManifest, "ranks", std::int64_t{info.ranks});
  writer.attribute(kManifest, "confidence_level", kConfidenceLevel);
  writer.table("/allocation/sites", sites_table(a, r));
  writer.table("/allocation/effects", effects_table(r));
  writer.table("/allocation/marginals", marginals_table(a, r));
  writer.commit();
}

}  // namespace spipsim::experiment
