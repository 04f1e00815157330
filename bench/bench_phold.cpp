// PHOLD (Fujimoto 1990) on the engine: the standard benchmark of a parallel discrete-event
// simulator. N entities each hold one pending event at start; an event at entity e and time
// t schedules one new event at t + lookahead + Exp(mean) for e itself (probability
// 1 - remote) or for a uniformly random entity (probability remote). Entities are split into
// logical processes (LPs) of consecutive ids, each with its own EventQueue; messages to
// another LP go to an outbox delivered at the end of each window by engine::run_windows.
//
// Each entity draws from its own RandomStream (fixed purpose, entity id) resumed from a
// per-entity block counter, and its events are processed in time order whatever LP holds
// it, so the run does not depend on the LP grouping or the thread count. The benchmark
// checks this: every variant's checksum (events processed, sum of the entities' last event
// times in id order) must equal the one of a 1-LP single-thread reference run, or it aborts.
//
// Expected work: each entity handles one event per lookahead + mean = 2 days on average, so
// N * end / 2 = 16384 * 1000 / 2 ~ 8.2 million events.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "sim/engine/distributions.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_stream.hpp"
#include "sim/engine/windowed_executor.hpp"

namespace {

using namespace spipsim::engine;

constexpr std::uint32_t kEntities = 16384;
constexpr double kRemote = 0.25;
constexpr double kMeanDelay = 1.0;
constexpr double kLookahead = 1.0;
constexpr double kEndTime = 1000.0;
constexpr std::uint64_t kSeed = 2024;
constexpr Purpose kPholdPurpose = 1;

struct Checksum {
  std::uint64_t events = 0;
  double sum_final_times = 0.0;
  bool operator==(const Checksum&) const = default;
};

struct Message {
  double time;
  std::uint32_t destination;
  std::uint32_t source;
};

// Cache-line aligned: LPs run on different threads and each updates its own queue and counters
// at every event, so two of them must never share a line.
class alignas(64) PholdLp {
 public:
  PholdLp(std::uint32_t first_entity, std::uint32_t entity_count, std::uint32_t entities_per_lp)
      : first_(first_entity),
        per_lp_(entities_per_lp),
        blocks_(entity_count),
        last_time_(entity_count) {
    queue_.reserve(2 * entity_count);
    for (std::uint32_t local = 0; local < entity_count; ++local) {
      const std::uint32_t entity = first_ + local;
      RandomStream rng(kSeed, 0, kPholdPurpose, entity);
      queue_.push(SimTime::days(exponential(rng, 1.0 / kMeanDelay)), 0, entity, entity);
      blocks_[local] = rng.blocks_used();
    }
  }

  SimTime next_event_time() const { return std::min(queue_.next_time(), inbox_first_); }

  void run_until(SimTime window_end) {
    take_inbox();
    while (queue_.next_time() < window_end) {
      const auto event = queue_.pop();
      const std::uint32_t entity = event.payload;
      const std::uint32_t local = entity - first_;
      const double now = event.key.time;
      // A fresh block per event: the draws depend only on (entity, events it handled so far).
      RandomStream rng(kSeed, 0, kPholdPurpose, entity, blocks_[local]);
      std::uint32_t destination = entity;
      if (bernoulli(rng, kRemote))
        destination = static_cast<std::uint32_t>(((rng.next_u64() >> 32) * kEntities) >> 32);
      const double when = now + kLookahead + exponential(rng, 1.0 / kMeanDelay);
      blocks_[local] = rng.blocks_used();
      last_time_[local] = now;
      ++events_;
      if (destination - first_ < blocks_.size()) {
        queue_.push(SimTime::days(when), 0, entity, destination);
      } else {
        outbox_.push_back({when, destination, entity});
      }
    }
  }

  // The serial part of a window's end: each message is appended to its destination's inbox
  // (a copy of 16 bytes), in send order. The destination pushes its inbox into its queue at
  // the start of its next run_until, in parallel with the other LPs: the same pushes in the
  // same order as pushing here, before any of its own, so the same sequence numbers and the
  // same history, at a fraction of the serial time (bench/README.md, session 8).
  void deliver_outbox(std::vector<PholdLp>& all) {
    for (const Message& m : outbox_) all[m.destination / per_lp_].receive(m);
    outbox_.clear();
  }

  std::uint64_t events() const { return events_; }
  const std::vector<double>& last_times() const { return last_time_; }

 private:
  void receive(const Message& m) {
    inbox_.push_back(m);
    inbox_first_ = std::min(inbox_first_, SimTime::days(m.time));
  }
  void take_inbox() {
    for (const Message& m : inbox_)
      queue_.push(SimTime::days(m.time), 0, m.source, m.destination);
    inbox_.clear();
    inbox_first_ = SimTime::never();
  }

  std::uint32_t first_;
  std::uint32_t per_lp_;
  EventQueue<std::uint32_t> queue_;
  std::vector<std::uint32_t> blocks_;  // per local entity: Philox blocks consumed so far
  std::vector<double> last_time_;      // per local entity: time of its last event
  std::vector<Message> outbox_;
  std::vector<Message> inbox_;  // delivered at the last window's end, not yet in queue_
  SimTime inbox_first_ = SimTime::never();
  std::uint64_t events_ = 0;
};

Checksum run_phold(std::uint32_t lp_count, int threads, WindowStats* stats_out = nullptr) {
  if (lp_count == 0 || kEntities % lp_count != 0) {
    std::fprintf(stderr, "bench_phold: %u LPs do not divide %u entities\n", lp_count, kEntities);
    std::abort();
  }
  const std::uint32_t per_lp = kEntities / lp_count;
  std::vector<PholdLp> lps;
  lps.reserve(lp_count);
  for (std::uint32_t i = 0; i < lp_count; ++i) lps.emplace_back(i * per_lp, per_lp, per_lp);
  const WindowStats stats =
      run_windows(lps, SimTime::days(kEndTime), WindowOptions{kLookahead, threads});
  Checksum sum;
  for (const PholdLp& lp : lps) {  // LPs hold consecutive ids: this is entity id order
    sum.events += lp.events();
    for (double t : lp.last_times()) sum.sum_final_times += t;
  }
  if (stats_out) *stats_out = stats;
  return sum;
}

void BM_Phold(benchmark::State& state) {
  const auto lp_count = static_cast<std::uint32_t>(state.range(0));
  const auto threads = static_cast<int>(state.range(1));
  static const Checksum reference = [] {  // first use, before any timing
    const Checksum sum = run_phold(1, 1);
    std::fprintf(stderr,
                 "bench_phold reference (1 LP, 1 thread): %llu events, sum of final times %.17g\n",
                 static_cast<unsigned long long>(sum.events), sum.sum_final_times);
    return sum;
  }();
  Checksum result;
  WindowStats stats;
  for (auto _ : state) result = run_phold(lp_count, threads, &stats);
  if (!(result == reference)) {
    std::fprintf(stderr,
                 "bench_phold: checksum mismatch with %u LPs, %d threads: %llu events, sum %.17g;"
                 " reference %llu events, sum %.17g\n",
                 lp_count, threads, static_cast<unsigned long long>(result.events),
                 result.sum_final_times, static_cast<unsigned long long>(reference.events),
                 reference.sum_final_times);
    std::abort();
  }
  const double events = double(result.events) * double(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["events"] = double(result.events);
  state.counters["events_per_s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  // Within the last run, so not moved by the machine's speed from one run to the next: the
  // share of wall time outside the parallel phases (the delivery of messages between LPs, by
  // one thread), and the threads' busy share inside them.
  state.counters["serial_share"] = stats.serial_share();
  state.counters["efficiency"] = stats.efficiency(threads);
}

BENCHMARK(BM_Phold)
    ->ArgsProduct({{1, 2, 4, 8, 16, 32, 64, 128}, {1, 2}})
    ->ArgNames({"lps", "threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
