// The allocation algorithm on a synthetic world whose answer is known: each site's gain
// from x posts is concave and separable, so a greedy with steps of one post reaches the
// exact optimum, found here independently by exhaustive search. The runner fills task
// values from a formula instead of simulating: the algorithm is tested alone.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numeric>

#include "sim/experiment/allocation/allocation_search.hpp"

namespace spipsim::experiment {
namespace {

struct SyntheticSite {
  double gain_max, scale;  // gain(x) = gain_max * (1 - exp(-x / scale))
  double caseload, officers, population;
  double gain(double x) const { return gain_max * (1.0 - std::exp(-x / scale)); }
};

Allocation allocation_of(const std::vector<SyntheticSite>& sites, std::uint32_t posts,
                         std::uint32_t step) {
  Allocation a;
  a.file.posts = posts;
  a.file.step = step;
  a.replicates = 4;
  for (std::size_t c = 0; c < sites.size(); ++c) a.sites.push_back("S" + std::to_string(c));
  a.evaluations_max = 4 + ((posts + step - 1) / step) * sites.size();
  return a;
}

// Reconvictions = 1000 - sum of gains + a replicate effect shared by every plan (common
// random numbers: paired differences are exact).
BatchRunner synthetic_runner(const Allocation& a, const std::vector<SyntheticSite>& sites,
                             TaskResults& results) {
  return [&a, &sites, &results](const EvaluationBatch& batch) {
    for (const auto& [e, plan] : batch)
      for (std::uint32_t r = 0; r < a.replicates; ++r) {
        std::vector<double> v(a.width(), 0.0);
        double gained = 0;
        for (std::size_t c = 0; c < sites.size(); ++c) gained += sites[c].gain(plan[c]);
        v[kAllocReconvictions] = 1000.0 - gained + 37.0 * r;
        v[kAllocReintegrated] = 100.0 + gained / 2;
        v[kAllocCost] = 1e6 + 5e4 * std::accumulate(plan.begin(), plan.end(), 0.0);
        for (std::size_t c = 0; c < sites.size(); ++c) {
          const std::size_t k = kAllocSiteBase + kAllocSiteWidth * c;
          v[k] = sites[c].caseload;
          v[k + 1] = sites[c].officers;
          v[k + 2] = sites[c].population;
        }
        results.record(e * a.replicates + r, v);
      }
  };
}

// The best plan by exhaustive search over every way to place `posts` (at most `cap` each).
double best_gain(const std::vector<SyntheticSite>& sites, std::uint32_t posts, std::uint32_t cap) {
  double best = -1;
  std::function<void(std::size_t, std::uint32_t, double)> walk = [&](std::size_t c,
                                                                     std::uint32_t left, double g) {
    if (c + 1 == sites.size()) {
      if (left <= cap) best = std::max(best, g + sites[c].gain(left));
      return;
    }
    for (std::uint32_t x = 0; x <= std::min(left, cap); ++x) walk(c + 1, left - x, g + sites[c].gain(x));
  };
  walk(0, posts, 0.0);
  return best;
}

const std::vector<SyntheticSite> kSites = {{40, 3, 50, 10, 100000},
                                           {90, 8, 70, 20, 500000},
                                           {20, 1, 40, 5, 300000},
                                           {60, 5, 55, 12, 200000}};

TEST(GreedyAllocation, ReachesTheExhaustiveOptimumOfASeparableConcaveGain) {
  for (std::uint32_t posts : {1u, 5u, 12u, 20u}) {
    SCOPED_TRACE(posts);
    Allocation a = allocation_of(kSites, posts, 1);
    a.file.max_per_site = 8;
    TaskResults results(a.task_count(), a.width());
    const AllocationResult r = allocate(a, results, synthetic_runner(a, kSites, results));
    double gain = 0;
    std::uint32_t placed = 0;
    for (std::size_t c = 0; c < kSites.size(); ++c) {
      EXPECT_LE(r.greedy.plan[c], 8u);
      gain += kSites[c].gain(r.greedy.plan[c]);
      placed += r.greedy.plan[c];
    }
    EXPECT_EQ(placed, posts);
    EXPECT_NEAR(gain, best_gain(kSites, posts, 8), 1e-9);
    // Common random numbers: the replicate effect cancels, so the interval is a point.
    EXPECT_NEAR(r.greedy.reconvictions_avoided.mean, gain, 1e-9);
    EXPECT_NEAR(r.greedy.reconvictions_avoided.hi - r.greedy.reconvictions_avoided.lo, 0.0, 1e-9);
  }
}

TEST(GreedyAllocation, WorkloadCapAndMinimumsSetTheFloor) {
  Allocation a = allocation_of(kSites, 20, 2);
  a.file.min_per_site = 1;
  a.file.workload_cap = 60.0;  // site 1: 70 cases x 20 officers -> ceil(20 x (70/60 - 1)) = 4
  TaskResults results(a.task_count(), a.width());
  const AllocationResult r = allocate(a, results, synthetic_runner(a, kSites, results));
  EXPECT_EQ(r.floor, (PostPlan{1, 4, 1, 1}));
  for (std::size_t c = 0; c < kSites.size(); ++c) EXPECT_GE(r.greedy.plan[c], r.floor[c]);
  EXPECT_EQ(std::accumulate(r.greedy.plan.begin(), r.greedy.plan.end(), 0u), 20u);
}

TEST(GreedyAllocation, AFloorLargerThanThePostsIsRefused) {
  Allocation a = allocation_of(kSites, 3, 1);
  a.file.workload_cap = 10.0;
  TaskResults results(a.task_count(), a.width());
  EXPECT_THROW(allocate(a, results, synthetic_runner(a, kSites, results)), AllocationInfeasible);
}

TEST(GreedyAllocation, TheGreedyPlanBeatsProRataInEveryReplicateWhenItIsBetter) {
  Allocation a = allocation_of(kSites, 12, 1);
  TaskResults results(a.task_count(), a.width());
  const AllocationResult r = allocate(a, results, synthetic_runner(a, kSites, results));
  // Pro rata population puts half the posts on site 1 (the most populous), unlike the
  // optimum; the shared replicate effect makes the greedy plan better in every replicate.
  EXPECT_EQ(r.pro_rata_population.plan, pro_rata({100000, 500000, 300000, 200000}, 12));
  EXPECT_GT(r.greedy.reconvictions_avoided.mean, r.pro_rata_population.reconvictions_avoided.mean);
  EXPECT_EQ(r.p_beats_population, 1.0);
}

TEST(ProRata, LargestRemaindersSumToThePosts) {
  EXPECT_EQ(pro_rata({1, 1, 2}, 5), (PostPlan{1, 1, 3}));
  EXPECT_EQ(pro_rata({1, 1, 1}, 2), (PostPlan{1, 1, 0}));  // ties to the lower index
  EXPECT_EQ(pro_rata({0, 3}, 7), (PostPlan{0, 7}));
  EXPECT_EQ(pro_rata({0, 0}, 7), (PostPlan{0, 0}));  // nothing to share by
}

}  // namespace
}  // namespace spipsim::experiment
