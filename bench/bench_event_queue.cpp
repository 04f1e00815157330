// The hold model, the classic benchmark of a pending event set: with N events pending, pop
// the first and push one at its time + Exp(1), so the queue size stays N while the key
// distribution reaches its steady state. Reports items/s = hold operations (pop + push) per
// second for N = 10^3 .. 10^7.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sim/engine/distributions.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_stream.hpp"

namespace {

using namespace spipsim::engine;

// Increments are drawn once up front and cycled, so that the timing is the queue's and not
// the random generator's (Philox plus a logarithm would cost about as much as the hold).
std::vector<double> exponential_increments() {
  std::vector<double> increments(1 << 16);
  RandomStream rng(2024, 0, 1, 0);
  for (double& x : increments) x = exponential(rng, 1.0);
  return increments;
}

void BM_EventQueueHold(benchmark::State& state) {
  static const std::vector<double> increments = exponential_increments();
  const auto pending = static_cast<std::size_t>(state.range(0));
  EventQueue<std::uint32_t> queue;
  queue.reserve(pending + 1);
  RandomStream rng(2024, 0, 2, 0);
  for (std::size_t i = 0; i < pending; ++i)
    queue.push(SimTime::days(exponential(rng, 1.0)), 0, 0, static_cast<std::uint32_t>(i));
  std::size_t next = 0;
  for (auto _ : state) {
    const auto event = queue.pop();
    queue.push(SimTime::days(event.key.time + increments[next]), 0, 0, event.payload);
    next = (next + 1) & (increments.size() - 1);
  }
  benchmark::DoNotOptimize(queue.next_time());
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_EventQueueHold)->RangeMultiplier(10)->Range(1000, 10'000'000);

}  // namespace

BENCHMARK_MAIN();
