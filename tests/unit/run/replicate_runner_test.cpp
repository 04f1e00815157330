#include "sim/experiment/run/replicate_runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>

#include "sim/params/scenario.hpp"

namespace spipsim::experiment {
namespace {

// A stand-in for the model: its output depends only on (seed, replicate), as the model's
// must; it records the thread count it was given and reports progress in ten steps.
struct FakeModel {
  std::atomic<int> calls{0};
  std::atomic<int> max_threads_seen{0};
  model::ReplicateOutput operator()(const params::Scenario&, std::uint32_t replicate,
                                    std::uint64_t seed, const model::RunControl& control) {
    ++calls;
    int seen = max_threads_seen.load();
    while (control.threads > seen &&
           !max_threads_seen.compare_exchange_weak(seen, control.threads)) {
    }
    model::ReplicateOutput out;
    out.replicate = replicate;
    out.seed = seed;
    out.events = seed * 1000 + replicate;
    for (int step = 1; step <= 10; ++step)
      if (control.progress) control.progress(step / 10.0);
    return out;
  }
};

RunnerOptions options_for(FakeModel& model, std::uint32_t replicates, int threads) {
  RunnerOptions options;
  options.replicates = replicates;
  options.seed = 99;
  options.threads = threads;
  options.replicate_function = [&model](const params::Scenario& s, std::uint32_t r,
                                        std::uint64_t seed, const model::RunControl& c) {
    return model(s, r, seed, c);
  };
  return options;
}

TEST(ThreadPlan, ReplicatesFirstThenThreadsWithinReplicates) {
  EXPECT_EQ(plan_threads(8, 4).concurrent_replicates, 4);
  EXPECT_EQ(plan_threads(8, 4).threads_per_replicate, 1);
  EXPECT_EQ(plan_threads(4, 4).threads_per_replicate, 1);
  EXPECT_EQ(plan_threads(2, 8).concurrent_replicates, 2);
  EXPECT_EQ(plan_threads(2, 8).threads_per_replicate, 4);
  EXPECT_EQ(plan_threads(3, 8).threads_per_replicate, 2);  // 6 of 8 threads: floor
  EXPECT_EQ(plan_threads(1, 6).threads_per_replicate, 6);
  EXPECT_EQ(plan_threads(5, 0).threads_per_replicate, 1);
}

TEST(ReplicateRunner, OutputsAreIndexedByReplicateWhateverTheThreads) {
  params::Scenario scenario;
  std::vector<std::vector<std::uint64_t>> runs;
  for (int threads : {1, 2, 3, 8}) {
    FakeModel model;
    std::vector<model::ReplicateOutput> outputs =
        run_replicates(scenario, options_for(model, 7, threads));
    EXPECT_EQ(model.calls.load(), 7);
    std::vector<std::uint64_t> events;
    for (std::uint32_t r = 0; r < outputs.size(); ++r) {
      EXPECT_EQ(outputs[r].replicate, r);
      EXPECT_EQ(outputs[r].seed, 99u);
      events.push_back(outputs[r].events);
    }
    runs.push_back(events);
  }
  for (const auto& run : runs) EXPECT_EQ(run, runs.front());
}

TEST(ReplicateRunner, FewReplicatesShareTheThreadBudget) {
  params::Scenario scenario;
  FakeModel model;
  run_replicates(scenario, options_for(model, 2, 6));
  EXPECT_EQ(model.max_threads_seen.load(), 3);
}

TEST(ReplicateRunner, ProgressIsAggregatedAndReachesOne) {
  params::Scenario scenario;
  FakeModel model;
  RunnerOptions options = options_for(model, 4, 2);
  std::mutex mutex;
  std::vector<double> reports;
  options.progress = [&](double f) {
    std::lock_guard lock(mutex);
    reports.push_back(f);
  };
  run_replicates(scenario, options);
  ASSERT_FALSE(reports.empty());
  EXPECT_DOUBLE_EQ(reports.back(), 1.0);
  for (std::size_t i = 1; i < reports.size(); ++i) EXPECT_GE(reports[i], reports[i - 1] - 1e-12);
  EXPECT_LE(reports.front(), 0.25 + 1e-12);  // one replicate's first step, of four
}

TEST(ReplicateRunner, CancellationStopsTheRunWithInterrupted) {
  params::Scenario scenario;
  FakeModel model;
  RunnerOptions options = options_for(model, 50, 2);
  std::atomic<int> polls{0};
  options.cancelled = [&] { return ++polls > 15; };
  EXPECT_THROW(run_replicates(scenario, options), Interrupted);
  EXPECT_LT(model.calls.load(), 50);
}

TEST(ReplicateRunner, AReplicateFailureIsRethrown) {
  params::Scenario scenario;
  RunnerOptions options;
  options.replicates = 3;
  options.threads = 2;
  options.replicate_function = [](const params::Scenario&, std::uint32_t r, std::uint64_t,
                                  const model::RunControl&) -> model::ReplicateOutput {
    if (r == 1) throw std::runtime_error("data/departements.csv:3: unknown site code");
    return {};
  };
  EXPECT_THROW(
      {
        try {
          run_replicates(scenario, options);
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "data/departements.csv:3: unknown site code");
          throw;
        }
      },
      std::runtime_error);
}

}  // namespace
}  // namespace spipsim::experiment
