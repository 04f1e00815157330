#include "sim/model/site.hpp"

#include <cmath>

#include "sim/model/purposes.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

Site::Site(std::uint16_t index, const World& world, const params::Scenario& scenario,
           const RunFrame& frame)
    : index_(index),
      world_(world),
      scenario_(scenario),
      frame_(frame),
      params_(scenario.values),
      hazard_(params_) {
  scale_ = world.population_share(index) * param(ParamId::world_population_scale);
  apply_policy();
  initial_officers_ = 0;
  for (const Officer& o : officers_) initial_officers_ += o.active ? 1 : 0;
  seed_stock();
  schedule_arrival(Origin::Prison);
  schedule_arrival(Origin::Community);
  schedule(0.0, kPriorityPlanning, WeeklyPlan{});
  // Markets (site_markets.cpp, site_commuting.cpp): the month's offers, and news from each
  // market neighbour, monthly.
  for (int kind = 0; kind < kMarketKinds; ++kind)
    for (std::uint16_t from : world.market_neighbours(kind, index))
      market_news_[kind].push_back({index, from, std::uint8_t(kind)});
  schedule(0.0, kPriorityStatistics, MarketMonth{});
  travel_hours_ = world.travel_hours_per_contact(index);
  for (int m = 0; m <= frame_.months; ++m)
    schedule(frame_.warmup_days + m * engine::kDaysPerMonth, kPriorityStatistics, MonthTick{});
  for (std::size_t c = 0; c < frame_.timeline_days.size(); ++c)
    schedule(frame_.timeline_days[c], kPriorityPolicy, PolicyChange{std::uint16_t(c)});
}

// Each call gets its own run of kBlocksPerDraw blocks (16 uniforms), so a call that draws
// several numbers never reuses the next call's. No handler draws more than that per call.
engine::RandomStream Site::person_stream(std::uint32_t slot) {
  return engine::RandomStream(frame_.seed, frame_.replicate, kPurposePerson, people_.id[slot],
                              people_.draws[slot]++ * kBlocksPerDraw);
}

engine::RandomStream Site::site_stream(std::uint16_t purpose, std::uint64_t& counter) {
  return engine::RandomStream(frame_.seed, frame_.replicate, purpose, index_,
                              std::uint32_t(counter++ * kBlocksPerDraw));
}

namespace {
// The profiling build (SPIPSIM_EVENT_CYCLES) reads the time-stamp counter around each event;
// other builds compile the counting out of the event loop.
#if defined(SPIPSIM_EVENT_CYCLES) && (defined(__x86_64__) || defined(__i386__))
constexpr bool kCountCycles = true;
inline std::uint64_t cycle_count() { return __builtin_ia32_rdtsc(); }
#else
constexpr bool kCountCycles = false;
inline std::uint64_t cycle_count() { return 0; }
#endif
}  // namespace

void Site::run_until(engine::SimTime window_end) {
  while (!queue_.empty() && queue_.next_time() < window_end) {
    const std::uint64_t start = cycle_count();
    auto entry = queue_.pop();
    const std::uint64_t popped = cycle_count();
    now_ = entry.key.time;
    priority_ = entry.key.priority();
    ++events_;
    ++events_by_type_[entry.payload.index()];
    prefetch_next_person();
    handle(entry.payload);
    if constexpr (kCountCycles) {
      pop_cycles_ += popped - start;
      cycles_by_type_[entry.payload.index()] += cycle_count() - popped;
    }
    if (frame_.check_invariants) check_invariants();
  }
}

// Most events act on one person whose row is not in cache: start loading the next event's
// row while this one is handled.
void Site::prefetch_next_person() const {
  if (queue_.empty()) return;
  std::visit(
      [this](const auto& ev) {
        if constexpr (requires { ev.who; }) {
          // Most events re-solve the hazard, which reads all three hot lines.
          if (ev.who.slot < people_.slots()) people_.prefetch_hot_lines(ev.who.slot);
        }
      },
      queue_.top().payload);
}

// After a person's event, they are counted under their new cost status and stock class.
void Site::handle(const Event& e) {
  std::visit(
      [this](const auto& ev) {
        on(ev);
        if constexpr (requires { ev.who; }) {
          if (valid(ev.who)) sync_counts(ev.who.slot);
        }
      },
      e);
}

// A slot of the inbox for an arriving person: one whose transfer was handled, or a new one.
// Handled slots are collected when the inbox has doubled since the last collection, so
// memory follows the people in transit, not every transfer of the run (committals and
// releases home make hundreds of thousands). Deterministic: delivery runs in site order.
std::uint32_t Site::inbox_slot() {
  if (inbox_free_.empty() && inbox_.size() >= 2 * inbox_collected_ + 64) {
    for (std::size_t k = inbox_.size(); k-- > 0;)
      if (inbox_done_[k]) inbox_free_.push_back(std::uint32_t(k));
    inbox_collected_ = inbox_.size() - inbox_free_.size();
  }
  if (!inbox_free_.empty()) {
    std::uint32_t k = inbox_free_.back();
    inbox_free_.pop_back();
    return k;
  }
  inbox_.emplace_back();
  inbox_done_.push_back(true);
  return std::uint32_t(inbox_.size() - 1);
}

void Site::deliver_outbox(std::vector<Site>& sites) {
  for (TransferMessage& m : outbox_) {
    Site& to = sites[m.destination];
    std::uint32_t k = to.inbox_slot();
    to.inbox_[k] = std::move(m.person);
    to.inbox_done_[k] = false;
    to.schedule(m.arrival_day, kPriorityPerson, TransferIn{k});
  }
  outbox_.clear();
  for (const MarketNews& news : market_outbox_) sites[news.destination].receive(news);
  market_outbox_.clear();
}

}  // namespace spipsim::model
