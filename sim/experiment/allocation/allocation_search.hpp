#pragma once
// Where N new posts help most: the marginal value of `step` more posts at each candidate
// site, measured with common random numbers against the current plan, and a greedy
// allocation that re-measures every candidate after each placement (docs/allocation.md).
//
// Evaluations are (plan, replicate) tasks numbered task = evaluation * replicates +
// replicate. Evaluation 0 is the base scenario (no posts added), 1 and 2 the pro-rata
// rules (population, caseload), 3 the floor plan (minimums and the workload cap), then
// one evaluation per candidate per greedy round. The sequence is decided by the results
// only, so a run resumed from the journal replays the same plans.
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

// Values a task returns, then 3 per candidate site.
inline constexpr std::size_t kAllocReconvictions = 0;  // reconvictions in the window
inline constexpr std::size_t kAllocReintegrated = 1;   // people reintegrated at 12 months
inline constexpr std::size_t kAllocCost = 2;           // total cost of the window, EUR
inline constexpr std::size_t kAllocSiteBase = 3;
// Per site: cases per community officer (mean over months), community officers (mean),
// population.
inline constexpr std::size_t kAllocSiteWidth = 3;

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
  std::vector<stats::Interval> marginal;   // per candidate (n = 0 when not eligible)
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

}  // namespace spipsim::experiment
