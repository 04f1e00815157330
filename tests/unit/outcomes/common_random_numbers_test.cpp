// Common random numbers, measured on the real model: small-site against small-site with 25%
// more officers, 8 replicates of 3 years. The paired interval of the difference (same seed,
// replicate r against replicate r) is compared with the interval a user would get from two
// independent runs (the variant with another seed; difference of means, Welch standard error
// and degrees of freedom). Prints the ratio of the widths for several headlines and asserts
// it where pairing must work. Then the same for staffing +25% against +50%. About 10 s on 2
// cores.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "sim/experiment/outcomes/scenario_comparison.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/params/scenario.hpp"
#include "sim/stats/special_functions.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;

// Width of the 95% interval of mean(b) - mean(a) for independent samples: Welch standard
// error with Welch-Satterthwaite degrees of freedom.
double welch_width(const stats::Interval& a, const stats::Interval& b) {
  const double va = a.sd * a.sd / double(a.n), vb = b.sd * b.sd / double(b.n);
  const double df = (va + vb) * (va + vb) / (va * va / double(a.n - 1) + vb * vb / double(b.n - 1));
  return 2.0 * stats::student_t_quantile(0.975, df) * std::sqrt(va + vb);
}

// The interval over replicates of a headline, or of the reconviction flow.
stats::Interval interval_of(const ScenarioResult& result, std::string_view name) {
  if (name == "reconvictions_per_year")
    return interval_over_replicates(result.reconvictions_per_year);
  return result.analysis.summary.find(name)->interval;
}

ScenarioResult run(const params::Scenario& scenario, std::uint64_t seed) {
  RunnerOptions options;
  options.replicates = 8;
  options.seed = seed;
  options.threads = 2;
  RunInfo info = run_info(scenario, "", options.threads);
  info.seed = seed;
  return scenario_result(std::move(info), run_replicates(scenario, options));
}

// Prints, for each headline, the paired difference of `variant` against `base` (same seed)
// and the widths of its interval and of the independent one (`variant_other_seed` against
// `base`); returns the ratio of widths by headline.
std::map<std::string, double> width_ratios(const char* title, const ScenarioResult& base,
                                           const ScenarioResult& variant,
                                           const ScenarioResult& variant_other_seed) {
  Comparison paired = compare(base, variant);
  std::printf("\n%s\n%-30s %12s %12s %12s %7s\n", title, "headline", "difference", "paired width",
              "indep. width", "ratio");
  std::map<std::string, double> ratios;
  for (const char* name :
       {"contacts_delivered_per_year", "contacts_due_per_year", "contacts_delivered_ratio",
        "caseload_mean", "supervised", "detained", "releases_per_year", "reconviction_1y",
        "reconviction_2y", "reimprisonment_1y", "employed_12m", "supervised_release_share",
        "cost_total_per_year", "reconvictions_per_year"}) {
    const FigureComparison* f = paired.find(name);
    EXPECT_NE(f, nullptr) << name;
    if (!f) continue;
    const double paired_width = f->difference.hi - f->difference.lo;
    const double independent_width = welch_width(f->base, interval_of(variant_other_seed, name));
    ratios[name] = independent_width / paired_width;
    std::printf("%-30s %12.4g %12.4g %12.4g %7.2f\n", name, f->difference.mean, paired_width,
                independent_width, ratios[name]);
  }
  std::fflush(stdout);
  return ratios;
}

params::Scenario staffing(const fs::path& dir, const fs::path& small_site, const char* scale) {
  const fs::path file = dir / ("staffing-" + std::string(scale) + ".toml");
  std::ofstream(file) << "extends = \"" << small_site.string()
                      << "\"\n[staffing]\nofficer_scale = " << scale << "\n";
  params::Scenario scenario = params::load_scenario(file);
  params::apply_override(scenario, "run.years", "3");
  return scenario;
}

TEST(CommonRandomNumbers, PairedIntervalIsNarrowerThanIndependentRuns) {
  const fs::path small_site = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";
  const fs::path dir = fs::temp_directory_path() / ("spipsim_crn_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  params::Scenario base = staffing(dir, small_site, "1.0");
  params::Scenario plus_25 = staffing(dir, small_site, "1.25");
  params::Scenario plus_50 = staffing(dir, small_site, "1.5");
  fs::remove_all(dir);
  const std::uint64_t seed = 20250101;
  ScenarioResult base_run = run(base, seed);
  ScenarioResult plus_25_run = run(plus_25, seed);
  ScenarioResult plus_25_other = run(plus_25, seed + 1);

  std::map<std::string, double> r =
      width_ratios("small-site against staffing +25%", base_run, plus_25_run, plus_25_other);
  // Streams keyed by person keep the same people in both runs: stocks, flows and costs pair
  // up (measured before calibration: supervised 4.2, cost 3.9, caseload 2.7; 4.9, 3.9 and 3.4
  // with 16 replicates; on the calibrated baseline: supervised 5.7, cost 4.0, caseload 3.4). A
  // ratio of two standard deviations from 8 replicates is itself noisy, hence the margins.
  // Partners that bind (issue 10) couple people through their waiting lists: more officers
  // refer more people, which moves everyone's place in the queues, so costs pair up less
  // (measured 2.76 against 4.0 before; +25% against +50%: 3.23).
  // With officers who come and go (issue 11) the supervised stock pairs up less (measured
  // 2.1; cost 5.4, caseload 2.5): each month's quits and arrivals change the officer count and
  // reallocate cases, at different months at each staffing level, so contact dates and hence
  // revocations diverge sooner. Quit draws are keyed by post, which keeps the rest paired.
  EXPECT_GE(r["supervised"], 1.5);
  EXPECT_GE(r["cost_total_per_year"], 2.5);
  // Both together (integration of issues 10 and 11): caseload measured 1.77.
  EXPECT_GE(r["caseload_mean"], 1.5);
  // Contacts pair up poorly here (measured 1.5 on the calibrated baseline; 1.4 before it).
  // Before calibration they paired up against a second variant (+25% against +50%: 3.1, 3.3
  // with 16 replicates). On the calibrated baseline they no longer do (measured 1.15): the
  // baseline hazard is a third higher, so the officers' supervision dose moves more offence
  // dates, people then go to custody and back at different times in the two runs, and the
  // supervised caseload, which sets the contacts due, diverges within months. Contacts
  // delivered / due is about 81.5% at every staffing level from 1.0 to 1.75 (missed
  // appointments, not officer time), so this is not capacity. Stocks and the caseload still
  // pair up against that variant (supervised 5.3, caseload 8.0), which is what is asserted.
  // Since every due interval counts and the dose is a 90-day window (branch supervision,
  // issue 10), staffing acts on every supervised person's dose and hazard, so the two runs
  // diverge sooner: measured supervised 2.95, caseload 2.40 (contacts delivered / due 3.0),
  // against 4.1 and 4.3 for base against +25%. Paired intervals still are well over twice
  // as narrow, which is what is asserted. With the officers' travel time (travel.*, branch
  // markets) delivery is bound by officer hours at these staffing levels, so delivered / due
  // moves with staffing and pairs up less: measured 1.97 (supervised 2.96, caseload 2.81).
  ScenarioResult plus_50_run = run(plus_50, seed);
  ScenarioResult plus_50_other = run(plus_50, seed + 1);
  std::map<std::string, double> demand =
      width_ratios("staffing +25% against staffing +50%", plus_25_run, plus_50_run, plus_50_other);
  EXPECT_GE(demand["supervised"], 2.0);
  EXPECT_GE(demand["caseload_mean"], 2.0);
  EXPECT_GE(demand["contacts_delivered_ratio"], 1.5);
}

}  // namespace
}  // namespace spipsim::experiment
