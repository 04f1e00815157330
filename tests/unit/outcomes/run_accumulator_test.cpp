// The analysis streamed one replicate at a time (RunAccumulator) is the analysis of the
// whole vector of outputs, bit for bit, whatever order the replicates finish in and however
// many threads hand them in; and it holds a PersonOutcome per person, not the outputs.
#include "sim/experiment/outcomes/run_accumulator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <random>
#include <vector>

#include "sim/experiment/run/replicate_runner.hpp"
#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

// A replicate with persons of every subgroup (age, sex, risk, release type, site).
model::ReplicateOutput varied_output(std::uint32_t r, int persons = 400) {
  model::ReplicateOutput out = testing::two_site_output(r, 30);
  out.persons = testing::exponential_persons(persons, 0.4 / 365.25, 100, 900, r);
  std::mt19937_64 rng(1000 + r);
  for (model::PersonRecord& p : out.persons) {
    p.site = static_cast<std::uint16_t>(rng() % 3);  // 2: not a site, in no site group
    p.sex = static_cast<model::Sex>(rng() % 2);
    p.risk_tier = static_cast<model::RiskTier>(rng() % 3);
    p.origin = static_cast<model::Origin>(rng() % 2);
    p.release_type = static_cast<model::ReleaseType>(rng() % model::kReleaseTypes);
    p.age_at_index = static_cast<float>(17 + rng() % 50);
    p.index_day = static_cast<double>(rng() % 900);
    p.reintegrated_12m = static_cast<std::int8_t>(static_cast<int>(rng() % 3) - 1);
    p.reimprisoned = p.reconvicted && rng() % 2 == 0;
  }
  out.monthly[3].detained += static_cast<std::int32_t>(r);  // replicates differ in the series
  out.cost_prison_eur += r * 1000.0;
  return out;
}

std::vector<std::uint64_t> bits(const std::vector<double>& values) {
  std::vector<std::uint64_t> out;
  for (double v : values) out.push_back(std::bit_cast<std::uint64_t>(v));
  return out;
}

void expect_same_series(const MonthlySeries& a, const MonthlySeries& b) {
  ASSERT_EQ(a.series.size(), b.series.size());
  EXPECT_EQ(a.month, b.month);
  EXPECT_EQ(a.site, b.site);
  for (std::size_t i = 0; i < a.series.size(); ++i)
    EXPECT_EQ(bits(a.series[i].values), bits(b.series[i].values)) << a.series[i].name;
}

void expect_same(const RunAnalysis& a, const RunAnalysis& b) {
  ASSERT_EQ(a.summary.headlines.size(), b.summary.headlines.size());
  for (std::size_t i = 0; i < a.summary.headlines.size(); ++i) {
    const Headline &ha = a.summary.headlines[i], &hb = b.summary.headlines[i];
    EXPECT_EQ(bits(ha.per_replicate), bits(hb.per_replicate)) << ha.name;
    EXPECT_EQ(bits({ha.interval.mean, ha.interval.lo, ha.interval.hi}),
              bits({hb.interval.mean, hb.interval.lo, hb.interval.hi}))
        << ha.name;
  }
  ASSERT_EQ(a.breakdowns.size(), b.breakdowns.size());
  for (std::size_t d = 0; d < a.breakdowns.size(); ++d) {
    ASSERT_EQ(a.breakdowns[d].rows.size(), b.breakdowns[d].rows.size());
    for (std::size_t g = 0; g < a.breakdowns[d].rows.size(); ++g) {
      const SubgroupRow &ra = a.breakdowns[d].rows[g], &rb = b.breakdowns[d].rows[g];
      EXPECT_EQ(ra.n, rb.n);
      EXPECT_EQ(bits({ra.reconviction_1y.value, ra.reconviction_2y.hi, ra.reimprisonment_1y.lo,
                      ra.reintegrated_12m}),
                bits({rb.reconviction_1y.value, rb.reconviction_2y.hi, rb.reimprisonment_1y.lo,
                      rb.reintegrated_12m}))
          << a.breakdowns[d].by << " " << ra.group;
    }
  }
  EXPECT_EQ(bits(a.survival.pooled.survival), bits(b.survival.pooled.survival));
  EXPECT_EQ(bits(a.survival.pooled.lo), bits(b.survival.pooled.lo));
  EXPECT_EQ(a.survival.pooled.censored, b.survival.pooled.censored);
  EXPECT_EQ(bits(a.survival.mean), bits(b.survival.mean));
  EXPECT_EQ(bits(a.survival.hi), bits(b.survival.hi));
  expect_same_series(a.national, b.national);
  expect_same_series(a.sites, b.sites);
  ASSERT_EQ(a.site_years.columns.size(), b.site_years.columns.size());
  for (std::size_t c = 0; c < a.site_years.columns.size(); ++c) {
    if (const auto* v = std::get_if<std::vector<double>>(&a.site_years.columns[c].values)) {
      EXPECT_EQ(bits(*v), bits(std::get<std::vector<double>>(b.site_years.columns[c].values)))
          << a.site_years.columns[c].name;
    }
  }
}

TEST(RunAccumulator, ReplicatesFinishingInReverseGiveTheAnalysisOfTheWholeVector) {
  constexpr std::uint32_t kReplicates = 4;
  std::vector<model::ReplicateOutput> outputs;
  for (std::uint32_t r = 0; r < kReplicates; ++r) outputs.push_back(varied_output(r));
  const RunAnalysis whole = analyse(outputs);
  ASSERT_FALSE(whole.breakdowns.back().rows.empty());

  // Through the runner on 4 threads, replicate r waiting (up to 5 s) until r + 1 has reached
  // the sink: they reach the accumulator last first, and each waits for its predecessors.
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::uint32_t> order;
  RunnerOptions options;
  options.replicates = kReplicates;
  options.threads = kReplicates;
  options.replicate_function = [&](const params::Scenario&, std::uint32_t r, std::uint64_t,
                                   const model::RunControl&) {
    std::unique_lock lock(mutex);
    arrived.wait_for(lock, std::chrono::seconds(5), [&] {
      return r + 1 == kReplicates || std::find(order.begin(), order.end(), r + 1) != order.end();
    });
    return varied_output(r);
  };
  RunAccumulator accumulator(kReplicates);
  run_replicates({}, options, [&](std::uint32_t r, model::ReplicateOutput&& out) {
    accumulator.add(r, std::move(out));
    std::lock_guard lock(mutex);
    order.push_back(r);
    arrived.notify_all();
  });
  EXPECT_EQ(order, (std::vector<std::uint32_t>{3, 2, 1, 0})) << "the case this test is for";
  expect_same(whole, accumulator.finish());

  // And in a shuffled order from the calling thread.
  RunAccumulator shuffled(kReplicates);
  for (std::uint32_t r : {2u, 0u, 3u, 1u}) shuffled.add(r, outputs[r]);
  expect_same(whole, shuffled.finish());
}

TEST(RunAccumulator, HoldsAPersonOutcomePerPersonNotTheOutputs) {
  constexpr int kPersons = 1000;
  RunAccumulator accumulator(3);
  model::ReplicateOutput out = varied_output(1, kPersons);
  accumulator.add(1, std::move(out));
  EXPECT_TRUE(out.persons.empty()) << "the output is consumed";  // NOLINT(bugprone-use-after-move)
  accumulator.add(2, varied_output(2, kPersons));                // waits for replicate 0
  accumulator.add(0, varied_output(0, kPersons));
  EXPECT_EQ(accumulator.person_bytes_held(), 3 * kPersons * sizeof(PersonOutcome));
  EXPECT_EQ(accumulator.finish().person_records.size(), 0u);
  EXPECT_EQ(accumulator.person_bytes_held(), 0u) << "finish frees them";

  RunAccumulator keeping(1, true);  // the /persons table asked for
  keeping.add(0, varied_output(0, kPersons));
  EXPECT_GE(keeping.person_bytes_held(), kPersons * sizeof(model::PersonRecord));
  EXPECT_EQ(keeping.finish().person_records.at(0).size(), std::size_t{kPersons});
}

TEST(RunAccumulator, RefusesAReplicateTwiceOutOfRangeOrMissing) {
  RunAccumulator accumulator(2);
  accumulator.add(1, varied_output(1));
  EXPECT_THROW(accumulator.add(1, varied_output(1)), std::invalid_argument);
  EXPECT_THROW(accumulator.add(2, varied_output(2)), std::invalid_argument);
  EXPECT_THROW(accumulator.finish(), std::logic_error) << "replicate 0 never came";
  model::ReplicateOutput other = varied_output(0);
  other.months = 18;  // not one scenario
  RunAccumulator mixed(2);
  mixed.add(0, varied_output(0));
  EXPECT_THROW(mixed.add(1, std::move(other)), std::invalid_argument);
}

}  // namespace
}  // namespace spipsim::experiment
