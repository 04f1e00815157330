// The partners' queue (model::PartnerQueue) driven as an M/M/c queue: Poisson referrals,
// exponential service, c places. The harness below calls the queue exactly as the model does
// (Site::on(ReferralJoin), Site::start_service, Site::on(ServiceEnd) and
// Site::start_next_services in sim/model/site_needs.cpp), with the engine's event queue and
// random streams, so what is checked is the component and the calling pattern together.
//
// Truth: the Erlang C formula for the mean wait in queue, W_q = C(c, a) / (c mu - lambda),
// and Little's law L_q = lambda W_q. With a share of referrals on the priority list (release
// alignment), Cobham's formula for non-preemptive priorities with one service rate:
// W_k = C(c, a) / (c mu (1 - sigma_{k-1}) (1 - sigma_k)), sigma_k the load of classes 1..k. Standard errors come from 20 batch means after a
// warm-up; each batch holds about 50,000 arrivals, far longer than the queue's relaxation
// time, so batch means are close to independent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include "sim/engine/distributions.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_stream.hpp"
#include "sim/model/events.hpp"
#include "sim/model/partner_queue.hpp"
#include "sim/model/purposes.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::model {
namespace {

// Tolerance of every statistical comparison in this file, in standard errors.
constexpr double kTolerance = 4.0;
constexpr int kBatches = 20;
constexpr double kArrivalsPerBatch = 50000;

// Probability that an arrival waits in M/M/c with offered load a = lambda / mu < c, from its
// definition: (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a))).
double erlang_c(int c, double a) {
  double term = 1.0;  // a^k / k!
  double below = 0.0;
  for (int k = 0; k < c; ++k) {
    below += term;
    term *= a / (k + 1);
  }
  double tail = term * c / (c - a);
  return tail / (below + tail);
}

struct MeanAndError {
  double mean = 0, se = 0;
};

// The standard error of the mean, from the project's own estimator (stats::mean_interval).
MeanAndError batch_mean(const std::vector<double>& xs) {
  stats::Interval i = stats::mean_interval(xs);
  return {i.mean, i.sd / std::sqrt(double(i.n))};
}

struct Batches {
  std::vector<double> wait_sum, arrivals, queue_area;  // per batch
  std::vector<double> priority_wait_sum, priority_arrivals;  // the priority list's share
  double batch_days = 0;
  std::uint64_t broken_invariants = 0;
};

// One M/M/c run. Customers are numbered in arrival order and use PersonRef{number, 0}.
class MmcHarness {
 public:
  MmcHarness(int places, double lambda, double mu, std::uint64_t seed, double priority_share = 0)
      : lambda_(lambda), mu_(mu), priority_share_(priority_share), seed_(seed) {
    partner_.set_capacity(places);
  }

  // Warm-up of one batch length, then kBatches batches; arrivals stop at the end of the last
  // batch and the queue drains, so every counted arrival has its wait.
  Batches run() {
    Batches b;
    b.batch_days = kArrivalsPerBatch / lambda_;
    b.wait_sum.assign(kBatches, 0.0);
    b.arrivals.assign(kBatches, 0.0);
    b.queue_area.assign(kBatches, 0.0);
    b.priority_wait_sum.assign(kBatches, 0.0);
    b.priority_arrivals.assign(kBatches, 0.0);
    batches_ = &b;
    observe_from_ = b.batch_days;
    observe_to_ = observe_from_ + kBatches * b.batch_days;
    schedule_arrival();
    while (!events_.empty()) {
      auto e = events_.pop();
      integrate_queue(now_, e.key.time);
      now_ = e.key.time;
      if (std::holds_alternative<Arrival>(e.payload))
        on_arrival();
      else
        on_service_end(std::get<ServiceEnd>(e.payload));
      // Work conservation: never over capacity, never a free place while someone waits.
      if (partner_.busy() > partner_.capacity() ||
          (partner_.waiting() > 0 && partner_.busy() < partner_.capacity()))
        ++b.broken_invariants;
    }
    return b;
  }

 private:
  struct Arrival {};
  struct ServiceEnd {
    PersonRef who;
  };
  using Event = std::variant<Arrival, ServiceEnd>;

  void schedule(double day, Event e) {
    events_.push(engine::SimTime::days(day), kPriorityPerson, 0, e);
  }

  // As Site::schedule_arrival: one site stream per arrival, keyed by the arrival count.
  void schedule_arrival() {
    engine::RandomStream rng(seed_, 0, kPurposeArrivalCommunity, 0, std::uint32_t(arrivals_));
    double at = now_ + engine::exponential(rng, lambda_);
    if (at < observe_to_) schedule(at, Arrival{});
  }

  // As Site::on(ReferralJoin): a share of referrals joins the priority list (release
  // alignment), drawn from the person's own stream.
  void on_arrival() {
    PersonRef who{std::uint32_t(arrivals_++), 0};
    schedule_arrival();
    engine::RandomStream rng(seed_, 0, kPurposePerson, who.slot, 1);
    bool priority = priority_share_ > 0 && rng.uniform() < priority_share_;
    if (priority) priority_.push_back(who.slot);
    if (partner_.join(who, now_, priority)) start_service(who, 0.0);
  }

  // As Site::start_service: the service time comes from the person's own stream.
  void start_service(PersonRef who, double waited_days) {
    double arrived = now_ - waited_days;
    if (arrived >= observe_from_ && arrived < observe_to_) {
      auto k = std::min(std::size_t((arrived - observe_from_) / batches_->batch_days),
                        std::size_t(kBatches - 1));
      batches_->wait_sum[k] += waited_days;
      batches_->arrivals[k] += 1;
      if (std::binary_search(priority_.begin(), priority_.end(), who.slot)) {
        batches_->priority_wait_sum[k] += waited_days;
        batches_->priority_arrivals[k] += 1;
      }
    }
    engine::RandomStream rng(seed_, 0, kPurposePerson, who.slot, 0);
    schedule(now_ + engine::exponential(rng, mu_), ServiceEnd{who});
  }

  // As Site::on(ServiceEnd) then Site::start_next_services.
  void on_service_end(const ServiceEnd&) {
    partner_.finish();
    PartnerQueue::Waiting next;
    while (partner_.next(next)) start_service(next.who, now_ - next.since_day);
  }

  // Adds waiting() x time over [from, to) to the batches it overlaps.
  void integrate_queue(double from, double to) {
    double q = double(partner_.waiting());
    if (q == 0) return;
    if (to <= observe_from_ || from >= observe_to_) return;
    const double length = batches_->batch_days;
    // Start one batch early: rounding may put `from` just before the batch it computes.
    auto first = std::size_t(std::max(0.0, std::floor((from - observe_from_) / length) - 1));
    for (std::size_t k = first; k < std::size_t(kBatches); ++k) {
      double start = observe_from_ + double(k) * length, end = start + length;
      if (start >= to) break;
      double overlap = std::min(to, end) - std::max(from, start);
      if (overlap > 0) batches_->queue_area[k] += q * overlap;
    }
  }

  double lambda_, mu_, priority_share_;
  std::uint64_t seed_;
  std::vector<std::uint32_t> priority_;  // customers on the priority list, in arrival order
  PartnerQueue partner_;
  engine::EventQueue<Event> events_;
  double now_ = 0;
  std::uint64_t arrivals_ = 0;
  double observe_from_ = 0, observe_to_ = 0;
  Batches* batches_ = nullptr;
};

struct MmcCase {
  int places;
  double rho;
  const char* name;
};

class ErlangC : public ::testing::TestWithParam<MmcCase> {};

TEST_P(ErlangC, MeanWaitAndLittlesLaw) {
  const MmcCase c = GetParam();
  const double mu = 1.0 / 30.0;  // a 30-day service, as the partners' order of magnitude
  const double lambda = c.rho * c.places * mu;
  const double truth_wq = erlang_c(c.places, lambda / mu) / (c.places * mu - lambda);
  const double truth_lq = lambda * truth_wq;

  Batches b = MmcHarness(c.places, lambda, mu, 20250101 + std::uint64_t(c.places)).run();
  EXPECT_EQ(b.broken_invariants, 0u) << "events after which a place was over-used or idle";
  std::vector<double> wq(kBatches), lq(kBatches), little_gap(kBatches);
  double total_wait = 0, total_area = 0;
  for (int k = 0; k < kBatches; ++k) {
    wq[k] = b.wait_sum[k] / b.arrivals[k];
    lq[k] = b.queue_area[k] / b.batch_days;
    little_gap[k] = lq[k] - b.arrivals[k] / b.batch_days * wq[k];
    total_wait += b.wait_sum[k];
    total_area += b.queue_area[k];
  }
  MeanAndError w = batch_mean(wq), l = batch_mean(lq), gap = batch_mean(little_gap);
  std::printf(
      "M/M/%d rho=%.2f: W_q %.4f +- %.4f days (Erlang C %.4f, %.2f SE); "
      "L_q %.4f +- %.4f (lambda W_q %.4f, %.2f SE)\n",
      c.places, c.rho, w.mean, w.se, truth_wq, (w.mean - truth_wq) / w.se, l.mean, l.se, truth_lq,
      (l.mean - truth_lq) / l.se);

  // Within 4 standard errors of the batch means.
  EXPECT_LE(std::abs(w.mean - truth_wq), kTolerance * w.se)
      << "mean wait " << w.mean << " vs Erlang C " << truth_wq << ": more than 4 SE (SE " << w.se
      << ")";
  EXPECT_LE(std::abs(l.mean - truth_lq), kTolerance * l.se)
      << "mean queue length " << l.mean << " vs lambda W_q " << truth_lq << ": more than 4 SE (SE "
      << l.se << ")";
  // Little's law on the sample path: batch by batch, the time-average queue equals the
  // batch's arrival rate times its mean wait, up to waits that straddle batch edges
  // (within 4 SE of the batch differences).
  EXPECT_LE(std::abs(gap.mean), kTolerance * gap.se + 1e-12)
      << "L_q - lambda W_q per batch averages " << gap.mean << ": more than 4 SE (SE " << gap.se
      << ")";
  // Over the whole window the two areas differ only by the waits of the few customers
  // queued at its two edges.
  EXPECT_NEAR(total_area / total_wait, 1.0, 1e-3) << "queue area vs summed waits";
}

INSTANTIATE_TEST_SUITE_P(PartnerQueue, ErlangC,
                         ::testing::Values(MmcCase{1, 0.7, "c1_rho70"}, MmcCase{5, 0.8, "c5_rho80"},
                                           MmcCase{20, 0.9, "c20_rho90"}),
                         [](const ::testing::TestParamInfo<MmcCase>& test) {
                           return std::string(test.param.name);
                         });

// Release alignment puts a share of referrals on the priority list. The partner still serves
// at the same rate, so the mean wait over everyone stays Erlang C (work conservation), while
// each list waits as Cobham's formula says.
TEST(ErlangC, PriorityListFollowsCobham) {
  const int places = 5;
  const double rho = 0.85, share = 0.3;
  const double mu = 1.0 / 30.0;
  const double lambda = rho * places * mu;
  const double c = erlang_c(places, lambda / mu);
  const double sigma1 = share * rho;
  const double truth_all = c / (places * mu - lambda);
  const double truth_priority = c / (places * mu * (1 - sigma1));
  const double truth_normal = c / (places * mu * (1 - sigma1) * (1 - rho));

  Batches b = MmcHarness(places, lambda, mu, 20250102, share).run();
  EXPECT_EQ(b.broken_invariants, 0u);
  std::vector<double> all(kBatches), priority(kBatches), normal(kBatches);
  for (int k = 0; k < kBatches; ++k) {
    all[k] = b.wait_sum[k] / b.arrivals[k];
    priority[k] = b.priority_wait_sum[k] / b.priority_arrivals[k];
    normal[k] = (b.wait_sum[k] - b.priority_wait_sum[k]) / (b.arrivals[k] - b.priority_arrivals[k]);
  }
  MeanAndError w = batch_mean(all), wp = batch_mean(priority), wn = batch_mean(normal);
  std::printf("M/M/%d rho=%.2f, %.0f%% priority: W_q all %.3f +- %.3f (Erlang C %.3f), "
              "priority %.3f +- %.3f (Cobham %.3f), others %.3f +- %.3f (Cobham %.3f)\n",
              places, rho, 100 * share, w.mean, w.se, truth_all, wp.mean, wp.se, truth_priority,
              wn.mean, wn.se, truth_normal);
  // Within 4 standard errors of the batch means.
  EXPECT_LE(std::abs(w.mean - truth_all), kTolerance * w.se) << "all: " << w.mean;
  EXPECT_LE(std::abs(wp.mean - truth_priority), kTolerance * wp.se) << "priority: " << wp.mean;
  EXPECT_LE(std::abs(wn.mean - truth_normal), kTolerance * wn.se) << "others: " << wn.mean;
}

TEST(ErlangCFormula, KnownValues) {
  // M/M/1: C = rho. M/M/2 at a = 1: C = 1/3 (a^2/2 * 2 / (2 - 1) = 1 over 1 + 1 + 1).
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, 1e-15);
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-15);
  // Tabulated: c = 5, a = 4 -> 0.5541 (e.g. Kleinrock, Queueing Systems vol. 1).
  EXPECT_NEAR(erlang_c(5, 4.0), 0.5541, 1e-4);
}

}  // namespace
}  // namespace spipsim::model
