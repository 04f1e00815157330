// The French baseline, one replicate, as a benchmark: events per second, time per simulated
// year, person-row size and peak memory, at 0.25x to 4x the national population
// (world.population_scale). Run: build/bench_baseline --benchmark_filter='Baseline/100'.
#include <algorithm>
#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "sim/model/events.hpp"
#include "sim/model/output_fingerprint.hpp"
#include "sim/model/person_store.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace {

using namespace spipsim;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;
}

model::RunControl threads_control(int threads) {
  model::RunControl control;
  control.threads = threads;
  return control;
}

// On stderr, in a build with SPIPSIM_EVENT_CYCLES: where the event loop's cycles go, by event
// kind (the handler with the events it pushes) and in the queue's pops, largest first.
void report_cycles(const model::ReplicateOutput& out) {
  double total = double(out.pop_cycles);
  for (std::uint64_t c : out.cycles_by_type) total += double(c);
  if (total == 0) return;  // not a profiling build
  std::vector<std::size_t> kinds;
  for (std::size_t k = 0; k < out.cycles_by_type.size(); ++k)
    if (out.events_by_type[k] > 0) kinds.push_back(k);
  std::sort(kinds.begin(), kinds.end(), [&](std::size_t a, std::size_t b) {
    return out.cycles_by_type[a] > out.cycles_by_type[b];
  });
  std::fprintf(stderr, "cycles in the event loop: %.2f G; queue pops %.2f G (%.1f %%, %.0f an event)\n",
               total / 1e9, double(out.pop_cycles) / 1e9, 100 * double(out.pop_cycles) / total,
               double(out.pop_cycles) / double(std::max<std::uint64_t>(1, out.events)));
  for (std::size_t k : kinds)
    std::fprintf(stderr, "  %-16s %11llu events %8.2f G %5.1f %% %9.0f an event\n",
                 model::event_name(k), static_cast<unsigned long long>(out.events_by_type[k]),
                 double(out.cycles_by_type[k]) / 1e9, 100 * double(out.cycles_by_type[k]) / total,
                 double(out.cycles_by_type[k]) / double(out.events_by_type[k]));
}

// On stderr: the results' fingerprint (a change meant to keep results must keep it) and the
// event mix.
void report_run(const model::ReplicateOutput& out) {
  std::fprintf(stderr, "fingerprint 0x%016llx, %llu events:",
               static_cast<unsigned long long>(model::output_fingerprint(out)),
               static_cast<unsigned long long>(out.events));
  for (std::size_t k = 0; k < out.events_by_type.size(); ++k)
    if (out.events_by_type[k] > 0)
      std::fprintf(stderr, " %s %llu", model::event_name(k),
                   static_cast<unsigned long long>(out.events_by_type[k]));
  // Person-years the model held over the observed window (month-end stocks of the detained,
  // the supervised and the followed), for the time per million person-years.
  double person_months = 0;
  for (const model::MonthlySiteRecord& m : out.monthly)
    person_months += double(m.detained) + double(m.supervised) + double(m.unsupervised_followup);
  std::fprintf(stderr, "\nobserved person-years %.0f; wall time outside the parallel phases %.1f %%,"
               " threads busy %.1f %% inside them\n",
               person_months / 12.0, 100 * out.serial_share, 100 * out.parallel_efficiency);
  report_cycles(out);
}

void Baseline(benchmark::State& state) {
  auto scenario =
      params::load_scenario(std::string(SPIPSIM_SOURCE_DIR) + "/scenarios/baseline-france.toml");
  params::apply_override(scenario, "world.population_scale",
                         std::to_string(double(state.range(0)) / 100.0));
  params::apply_override(scenario, "run.years", std::to_string(state.range(1)));
  int threads = int(state.range(2));
  std::uint64_t events = 0;
  std::size_t persons = 0;
  for (auto _ : state) {
    auto out = model::run_replicate(scenario, 0, 20250101, threads_control(threads));
    events += out.events;
    persons += out.persons.size();
    benchmark::DoNotOptimize(out.persons.data());
    report_run(out);
  }
  double years = double(state.range(1)) + scenario.values.real(params::ParamId::run_warmup_years);
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["events"] = double(events) / double(state.iterations());
  state.counters["s_per_sim_year"] =
      benchmark::Counter(years * double(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["indexed_persons"] = double(persons) / double(state.iterations());
  state.counters["person_row_bytes"] = double(model::PersonStore::bytes_per_slot());
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

// One replicate of small-site (one département, 2 + 6 years): the unit of work of sweeps.
void SmallSite(benchmark::State& state) {
  auto scenario =
      params::load_scenario(std::string(SPIPSIM_SOURCE_DIR) + "/scenarios/small-site.toml");
  std::uint64_t events = 0;
  for (auto _ : state) {
    auto out = model::run_replicate(scenario, 0, 20250101, threads_control(1));
    events += out.events;
    benchmark::DoNotOptimize(out.persons.data());
    report_run(out);
  }
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["events"] = double(events) / double(state.iterations());
}
BENCHMARK(SmallSite)->Unit(benchmark::kMillisecond)->UseRealTime();

// Args: population scale in percent, observed years, threads. Each case is one run. The
// first (0.1x, 2 years) is the small configuration for before/after instruction counts
// (valgrind --tool=callgrind), which are repeatable where wall-clock times on a shared
// machine are not.
BENCHMARK(Baseline)
    ->ArgNames({"scale_pct", "years", "threads"})
    ->Args({10, 2, 1})
    ->Args({100, 10, 1})
    ->Args({100, 10, 2})
    ->Args({25, 10, 1})
    ->Args({50, 10, 1})
    ->Args({200, 10, 1})
    ->Args({400, 10, 1})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
