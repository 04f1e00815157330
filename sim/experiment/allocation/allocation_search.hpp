#pragma once
// Where N new posts help most: the marginal value of `step` more posts at each candidate
// site, measured with common random numbers against the current plan, and a greedy
// allocation that re-measures every candidate after each placement (docs/allocation.md).
//
// Evaluations are (plan, replicate) tasks numbered task = evaluation * replicates +
// replicate. Evaluation 0 is the base scenario (no posts added), 1 and 2 the pro-rata
// rules (population, caseload), 3 the floor plan (minimums and the workload cap), then
// the greedy rounds:
// - one_at_a_time: one evaluation per candidate per round (P + step at that candidate);
// - simultaneous: a block of 2 + screen evaluations per round j: the current plan P_j
//   (not run for j = 0, nor when the screen already ran it), P_j + step at every eligible
//   candidate, then the `screen` best candidates one at a time; one more block's first
//   slot holds the final plan.
// The sequence is decided by the results only, so a run resumed from the journal replays
// the same plans.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/experiment/allocation/allocation_file.hpp"
#include "sim/experiment/sweep/sweep_plan.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::experiment {

// Posts added at each candidate site, in the order of Allocation::sites.
using PostPlan = std::vector<std::uint32_t>;

// Values a task returns, then kAllocSiteWidth per candidate site.
inline constexpr std::size_t kAllocReconvictions = 0;  // reconvictions in the window
inline constexpr std::size_t kAllocReintegrated = 1;   // people reintegrated at 12 months
inline constexpr std::size_t kAllocCost = 2;           // total cost of the window, EUR
inline constexpr std::size_t kAllocSiteBase = 3;
// Per site: cases per community officer (mean over months), community officers (mean),
// population, then the site's own share of the three totals above: reconvictions recorded
// at the site (MonthlySiteRecord), people of the site reintegrated at 12 months
// (PersonRecord::site), the site's cost (its monthly cost lines). The simultaneous method
// reads each site's gain from these.
inline constexpr std::size_t kAllocSiteReconvictions = 3, kAllocSiteReintegrated = 4,
                             kAllocSiteCost = 5;
inline constexpr std::size_t kAllocSiteWidth = 6;

// An allocation ready to run: tasks read it from any thread.
struct Allocation {
  AllocationFile file;
  params::Scenario base;           // [set], replicates, seed and command-line overrides applied
  std::vector<std::string> sites;  // candidate codes
  std::uint32_t replicates = 0;
  std::uint64_t seed = 0;
  double years = 0;
  std::uint64_t evaluations_max = 0;  // upper bound of the evaluation count
  std::uint64_t fingerprint = 0;      // build, files, overrides: what decides task values

  std::size_t width() const { return kAllocSiteBase + kAllocSiteWidth * sites.size(); }
  std::uint64_t task_count() const { return evaluations_max * replicates; }
};

// Checks the candidates against the simulated sites (model::check_scenario_data) and sizes
// the evaluation space. Throws params::ScenarioError.
Allocation make_allocation(AllocationFile file, params::Scenario base);

// The scenario of a plan: the base with the plan's posts added to staffing.added_posts.
params::Scenario scenario_for_plan(const Allocation& allocation, const PostPlan& plan);

// One replicate of one plan, reduced to the task values above.
std::vector<double> run_allocation_task(const Allocation& allocation, const PostPlan& plan,
                                        std::uint32_t replicate, const model::RunControl& control);

// Runs the tasks of the evaluations given (evaluation number, plan) that are not yet in
// `results`, and returns once they are.
using EvaluationBatch = std::vector<std::pair<std::uint64_t, PostPlan>>;
using BatchRunner = std::function<void(const EvaluationBatch&)>;

struct GreedyRound {
  std::uint32_t round = 0, step = 0;
  std::size_t chosen = 0;                  // candidate index
  // Per candidate (n = 0 when not eligible): one_at_a_time, the exact paired gain of the
  // objective; simultaneous, the gain on the site's own people with every candidate at
  // P + step (first order).
  std::vector<stats::Interval> marginal;
  // Exact paired gains (P + step at that candidate alone): every eligible candidate for
  // one_at_a_time, the screened ones for simultaneous; n = 0 elsewhere.
  std::vector<stats::Interval> exact;
  std::uint64_t first_evaluation = 0;
};

struct PlanEffect {
  std::string name;
  PostPlan plan;
  std::uint64_t evaluation = 0;
  // Paired against the base over replicates.
  stats::Interval reconvictions_avoided, reintegrated_gained, cost_change_eur;
};

struct AllocationResult {
  PostPlan floor;  // minimums and workload cap
  std::vector<double> base_caseload, base_officers, population, final_caseload;
  std::vector<GreedyRound> rounds;
  PlanEffect greedy, pro_rata_population, pro_rata_caseload;
  double p_beats_population = 0, p_beats_caseload = 0;  // share of replicates
  std::uint32_t unplaced = 0;  // posts no candidate could take (max_per_site)
  std::uint64_t evaluations = 0;
};

// The floor plan needs more posts than the allocation has.
class AllocationInfeasible : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

AllocationResult allocate(const Allocation& allocation, const TaskResults& results,
                          const BatchRunner& run_batch);

// N shared in proportion to weights by largest remainders (ties to the lower index).
PostPlan pro_rata(const std::vector<double>& weights, std::uint32_t posts);

// The objective of one task's values: larger is better.
double objective_value(AllocationObjective objective, std::span<const double> values);
// The same objective counted on candidate c's own people (its per-site values).
double site_objective_value(AllocationObjective objective, std::span<const double> values,
                            std::size_t c);

// Evaluations a method may use for `rounds` greedy rounds of S candidates (upper bound).
std::uint64_t evaluations_needed(const AllocationFile& file, std::size_t sites);

}  // namespace spipsim::experiment
