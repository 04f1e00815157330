// The allocation algorithm on a synthetic world whose answer is known: each site's gain
// from x posts is concave and separable, so a greedy with steps of one post reaches the
// exact optimum, found here independently by exhaustive search. The runner fills task
// values from a formula instead of simulating: the algorithm is tested alone.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numeric>
#include <optional>

#include "sim/experiment/allocation/allocation_search.hpp"

namespace spipsim::experiment {
namespace {

struct SyntheticSite {
  double gain_max, scale;  // gain(x) = gain_max * (1 - exp(-x / scale))
  double caseload, officers, population;
  double gain(double x) const { return gain_max * (1.0 - std::exp(-x / scale)); }
};

Allocation allocation_of(const std::vector<SyntheticSite>& sites, std::uint32_t posts,
                         std::uint32_t step,
                         AllocationMethod method = AllocationMethod::OneAtATime,
                         std::uint32_t screen = 0) {
  Allocation a;
  a.file.posts = posts;
  a.file.step = step;
  a.file.method = method;
  a.file.screen = screen;
  a.replicates = 4;
  for (std::size_t c = 0; c < sites.size(); ++c) a.sites.push_back("S" + std::to_string(c));
  a.evaluations_max = evaluations_needed(a.file, sites.size());
  return a;
}

// A transfer between sites: the gain of posts at `from` is recorded among the people of
// `to` (people released to, or committed from, another site of the DISP).
struct Spillover {
  std::size_t from = 0, to = 0;
};

// Reconvictions at site c = 250 - gain_c + a replicate effect shared by every plan (common
// random numbers: paired differences are exact); the total is their sum. With a spillover,
// the gain of posts at `from` is recorded at `to` instead.
BatchRunner synthetic_runner(const Allocation& a, const std::vector<SyntheticSite>& sites,
                             TaskResults& results, std::optional<Spillover> spill = {}) {
  return [&a, &sites, &results, spill](const EvaluationBatch& batch) {
    for (const auto& [e, plan] : batch)
      for (std::uint32_t r = 0; r < a.replicates; ++r) {
        std::vector<double> v(a.width(), 0.0);
        double gained = 0;
        for (std::size_t c = 0; c < sites.size(); ++c) {
          const std::size_t k = kAllocSiteBase + kAllocSiteWidth * c;
          v[k] = sites[c].caseload;
          v[k + 1] = sites[c].officers;
          v[k + 2] = sites[c].population;
          v[k + kAllocSiteReconvictions] = 250.0 + 37.0 * r / double(sites.size());
          gained += sites[c].gain(plan[c]);
        }
        for (std::size_t c = 0; c < sites.size(); ++c) {
          const std::size_t at = spill && spill->from == c ? spill->to : c;
          v[kAllocSiteBase + kAllocSiteWidth * at + kAllocSiteReconvictions] -= sites[c].gain(plan[c]);
        }
        v[kAllocReconvictions] = 250.0 * double(sites.size()) - gained + 37.0 * r;
        v[kAllocReintegrated] = 100.0 + gained / 2;
        v[kAllocCost] = 1e6 + 5e4 * std::accumulate(plan.begin(), plan.end(), 0.0);
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

// The greedy plan places every post, at most 8 per site, and reaches the exhaustive optimum;
// common random numbers make the replicates' mean the plan's exact gain.
void expect_exhaustive_optimum(const AllocationResult& r, std::uint32_t posts) {
  double gain = 0;
  std::uint32_t placed = 0;
  for (std::size_t c = 0; c < kSites.size(); ++c) {
    EXPECT_LE(r.greedy.plan[c], 8u);
    gain += kSites[c].gain(r.greedy.plan[c]);
    placed += r.greedy.plan[c];
  }
  EXPECT_EQ(placed, posts);
  EXPECT_NEAR(gain, best_gain(kSites, posts, 8), 1e-9);
  EXPECT_NEAR(r.greedy.reconvictions_avoided.mean, gain, 1e-9);
}

TEST(GreedyAllocation, ReachesTheExhaustiveOptimumOfASeparableConcaveGain) {
  for (std::uint32_t posts : {1u, 5u, 12u, 20u}) {
    SCOPED_TRACE(posts);
    Allocation a = allocation_of(kSites, posts, 1);
    a.file.max_per_site = 8;
    TaskResults results(a.task_count(), a.width());
    const AllocationResult r = allocate(a, results, synthetic_runner(a, kSites, results));
    expect_exhaustive_optimum(r, posts);
    // Common random numbers: the replicate effect cancels, so the interval is a point.
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

// Separable gains have no transfers, so each site's gain on its own people is its exact
// marginal value: the simultaneous method reaches the same exhaustive optimum, with 2
// evaluations per round instead of one per candidate.
TEST(SimultaneousAllocation, ReachesTheExhaustiveOptimumOfASeparableConcaveGain) {
  for (std::uint32_t posts : {1u, 5u, 12u, 20u}) {
    SCOPED_TRACE(posts);
    Allocation a = allocation_of(kSites, posts, 1, AllocationMethod::Simultaneous);
    a.file.max_per_site = 8;
    TaskResults results(a.task_count(), a.width());
    const AllocationResult r = allocate(a, results, synthetic_runner(a, kSites, results));
    expect_exhaustive_optimum(r, posts);
    // Base, 2 rules, then P_j and P_j + 1 everywhere per round (P_0 is the base).
    EXPECT_EQ(results.finished(), a.replicates * (3u + 2u * posts));
    // Each site's own gain is its exact marginal value at the round's plan.
    PostPlan at(kSites.size(), 0);
    for (const GreedyRound& g : r.rounds) {
      for (std::size_t c = 0; c < kSites.size(); ++c) {
        if (g.marginal[c].n == 0) continue;
        EXPECT_NEAR(g.marginal[c].mean, kSites[c].gain(at[c] + 1) - kSites[c].gain(at[c]), 1e-9);
      }
      ++at[g.chosen];
    }
  }
}

// The extreme case with an exact answer: one site far above the workload cap and with a
// gain far above the others. The floor sends posts there, and the first greedy posts go
// there too, in both methods, and the plans are the same.
TEST(SimultaneousAllocation, TheFirstPostsGoWhereOnlyTheyHelpInBothMethods) {
  std::vector<SyntheticSite> sites = kSites;
  sites[2] = {5000, 50, 150, 5, 300000};  // 150 cases per officer; gain ~100 per post
  for (AllocationMethod method : {AllocationMethod::OneAtATime, AllocationMethod::Simultaneous}) {
    SCOPED_TRACE(std::string(method_name(method)));
    Allocation a = allocation_of(sites, 12, 2, method);
    a.file.workload_cap = 100.0;  // site 2: ceil(5 x (150/100 - 1)) = 3 posts
    TaskResults results(a.task_count(), a.width());
    const AllocationResult r = allocate(a, results, synthetic_runner(a, sites, results));
    EXPECT_EQ(r.floor, (PostPlan{0, 0, 3, 0}));
    ASSERT_FALSE(r.rounds.empty());
    EXPECT_EQ(r.rounds.front().chosen, 2u);
    EXPECT_EQ(r.greedy.plan, (PostPlan{0, 0, 12, 0})) << "every post helps most at site 2";
  }
}

// Transfers break the first-order approximation: the posts of site 3 help people recorded
// at site 1 (released there). The simultaneous gain credits site 1, which is wrong; the
// screen measures the candidates one at a time and finds site 3, as one-at-a-time does.
TEST(SimultaneousAllocation, AScreenCorrectsAGainRecordedAtAnotherSite) {
  const std::vector<SyntheticSite> sites = {
      {10, 5, 50, 10, 1e5}, {10, 5, 50, 10, 1e5}, {10, 5, 50, 10, 1e5}, {500, 5, 50, 10, 1e5}};
  const Spillover spill{3, 1};
  auto first_choice = [&](AllocationMethod method, std::uint32_t screen) {
    Allocation a = allocation_of(sites, 1, 1, method, screen);
    TaskResults results(a.task_count(), a.width());
    return allocate(a, results, synthetic_runner(a, sites, results, spill)).rounds.front();
  };
  EXPECT_EQ(first_choice(AllocationMethod::OneAtATime, 0).chosen, 3u);
  const GreedyRound unscreened = first_choice(AllocationMethod::Simultaneous, 0);
  EXPECT_EQ(unscreened.chosen, 1u) << "the gain is counted where the people are recorded";
  EXPECT_NEAR(unscreened.marginal[3].mean, 0.0, 1e-9);
  const GreedyRound screened = first_choice(AllocationMethod::Simultaneous, 4);
  EXPECT_EQ(screened.chosen, 3u);
  EXPECT_NEAR(screened.exact[3].mean, sites[3].gain(1), 1e-9);
  // A screen of 1 only re-measures the simultaneous favourite: its exact gain shows the error.
  const GreedyRound top = first_choice(AllocationMethod::Simultaneous, 1);
  EXPECT_EQ(top.chosen, 1u);
  EXPECT_NEAR(top.exact[1].mean, sites[1].gain(1), 1e-9);
  EXPECT_EQ(top.exact[3].n, 0u);
}

TEST(ProRata, LargestRemaindersSumToThePosts) {
  EXPECT_EQ(pro_rata({1, 1, 2}, 5), (PostPlan{1, 1, 3}));
  EXPECT_EQ(pro_rata({1, 1, 1}, 2), (PostPlan{1, 1, 0}));  // ties to the lower index
  EXPECT_EQ(pro_rata({0, 3}, 7), (PostPlan{0, 7}));
  EXPECT_EQ(pro_rata({0, 0}, 7), (PostPlan{0, 0}));  // nothing to share by
}

}  // namespace
}  // namespace spipsim::experiment
