// run_windows: logical processes exchanging messages give the same history on 1, 2 and 4
// threads. A small PHOLD: each entity's event at t schedules one at t + lookahead + Exp(1)
// for itself or (a quarter of the time) a random entity, maybe in another LP. Under the
// thread sanitizer (make sanitize) this is also the check that the LPs of one window share
// nothing and that messages are handed over only between windows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <thread>
#include <vector>

#include "sim/engine/distributions.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_stream.hpp"
#include "sim/engine/windowed_executor.hpp"

namespace spipsim::engine {
namespace {

constexpr std::uint32_t kEntities = 512;
constexpr double kLookahead = 1.0;

struct Message {
  double time;
  std::uint32_t destination;
  std::uint32_t source;
};

class PholdLp {
 public:
  PholdLp(std::uint32_t first, std::uint32_t count)
      : first_(first), blocks_(count), history_(count) {
    for (std::uint32_t local = 0; local < count; ++local) {
      RandomStream rng(7, 0, 1, first + local);
      queue_.push(SimTime::days(exponential(rng, 1.0)), 0, first + local, first + local);
      blocks_[local] = rng.blocks_used();
    }
  }
  SimTime next_event_time() const { return queue_.next_time(); }
  void run_until(SimTime window_end) {
    while (queue_.next_time() < window_end) {
      const auto event = queue_.pop();
      const std::uint32_t entity = event.payload, local = entity - first_;
      RandomStream rng(7, 0, 1, entity, blocks_[local]);
      std::uint32_t destination = entity;
      if (bernoulli(rng, 0.25))
        destination = static_cast<std::uint32_t>(((rng.next_u64() >> 32) * kEntities) >> 32);
      const double when = event.key.time + kLookahead + exponential(rng, 1.0);
      blocks_[local] = rng.blocks_used();
      history_[local].push_back(event.key.time);
      if (destination - first_ < blocks_.size())
        queue_.push(SimTime::days(when), 0, entity, destination);
      else
        outbox_.push_back({when, destination, entity});
    }
  }
  void deliver_outbox(std::vector<PholdLp>& all) {
    const auto per_lp = static_cast<std::uint32_t>(blocks_.size());
    for (const Message& m : outbox_)
      all[m.destination / per_lp].queue_.push(SimTime::days(m.time), 0, m.source, m.destination);
    outbox_.clear();
  }
  const std::vector<std::vector<double>>& history() const { return history_; }

 private:
  std::uint32_t first_;
  EventQueue<std::uint32_t> queue_;
  std::vector<std::uint32_t> blocks_;
  std::vector<std::vector<double>> history_;  // per local entity: its event times
  std::vector<Message> outbox_;
};

// The contract is checked when the program compiles: run_windows accepts only types that
// satisfy it, and the load balancer uses event counts only where an LP offers them.
static_assert(LogicalProcess<PholdLp>);
static_assert(!CountsEvents<PholdLp>);
struct NoOutbox {
  SimTime next_event_time() const { return SimTime::never(); }
  void run_until(SimTime) {}
};
static_assert(!LogicalProcess<NoOutbox>);
struct Counting : NoOutbox {
  void deliver_outbox(std::vector<Counting>&) {}
  std::uint64_t events() const { return 0; }
};
static_assert(LogicalProcess<Counting> && CountsEvents<Counting>);

// Every entity's event times, in entity order.
std::vector<std::vector<double>> run_phold(std::uint32_t lp_count, int threads) {
  const std::uint32_t per_lp = kEntities / lp_count;
  std::vector<PholdLp> lps;
  for (std::uint32_t i = 0; i < lp_count; ++i) lps.emplace_back(i * per_lp, per_lp);
  std::vector<double> window_ends;
  const WindowStats stats =
      run_windows(lps, SimTime::days(100.0), WindowOptions{kLookahead, threads},
                  [&](SimTime end) { window_ends.push_back(end.in_days()); });
  EXPECT_GE(window_ends.size(), 90u);
  // The diagnostics add up: one count per window, the parallel phases inside the run, and
  // the threads' busy time inside those phases, times the threads.
  EXPECT_EQ(stats.windows, window_ends.size());
  EXPECT_GT(stats.busy_s, 0.0);
  EXPECT_LE(stats.parallel_wall_s, stats.wall_s);
  EXPECT_LE(stats.busy_s, threads * stats.parallel_wall_s * (1 + 1e-9));
  EXPECT_GE(stats.serial_share(), 0.0);
  std::vector<std::vector<double>> all;
  for (const PholdLp& lp : lps) all.insert(all.end(), lp.history().begin(), lp.history().end());
  return all;
}

TEST(WindowedExecutor, SameHistoryOnOneTwoAndFourThreads) {
  const auto reference = run_phold(1, 1);
  std::size_t events = 0;
  for (const auto& h : reference) events += h.size();
  EXPECT_GT(events, 20000u);
  for (std::uint32_t lps : {16u, 64u}) {
    for (int threads : {1, 2, 4}) {
      SCOPED_TRACE(testing::Message() << lps << " LPs, " << threads << " threads");
      EXPECT_EQ(run_phold(lps, threads), reference);
    }
  }
}

// The lists that decide which thread runs which LP: the first window deals the LPs (largest
// first) round-robin; a thread takes its own list from the front (largest first) and then
// the other lists from the back (smallest first); what it took is its list next window.
TEST(LpLists, OwnListFromTheFrontThenTheOthersFromTheBackAndKeepsWhatItTook) {
  const std::vector<std::size_t> order = {5, 3, 0, 1, 4, 2};  // largest first
  LpLists lists(order.size(), 2);
  lists.deal(order);
  lists.regroup(order);  // thread 0: 5, 0, 4; thread 1: 3, 1, 2
  std::vector<std::size_t> taken;
  for (std::size_t lp; lists.take(0, lp);) taken.push_back(lp);
  EXPECT_EQ(taken, (std::vector<std::size_t>{5, 0, 4, 2, 1, 3}));
  lists.regroup(order);  // thread 0 ran everything
  taken.clear();
  for (std::size_t lp; lists.take(1, lp);) taken.push_back(lp);
  EXPECT_EQ(taken, (std::vector<std::size_t>{2, 4, 1, 0, 3, 5}));  // all stolen: smallest first
  std::size_t lp;
  EXPECT_FALSE(lists.take(0, lp));
}

// Threads taking at once: every LP of a window is taken exactly once.
TEST(LpLists, EveryLpOnceAWindowWhateverTheRace) {
  constexpr std::size_t kLps = 1000;
  std::vector<std::size_t> order(kLps);
  std::iota(order.begin(), order.end(), std::size_t(0));
  LpLists lists(kLps, 4);
  lists.deal(order);
  for (int window = 0; window < 20; ++window) {
    lists.regroup(order);
    std::vector<std::vector<std::size_t>> taken(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (std::size_t lp; lists.take(t, lp);) taken[std::size_t(t)].push_back(lp);
      });
    for (auto& th : threads) th.join();
    std::vector<std::size_t> all;
    for (auto& v : taken) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    ASSERT_EQ(all, order) << "window " << window;
  }
}

}  // namespace
}  // namespace spipsim::engine
