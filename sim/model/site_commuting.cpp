// Jobs and dwellings across the borders of a département, along the Commuting and
// HousingSearch edges of the world graph (world.hpp).
//
// The offers of territory B (vacancies open to people with a record, open-market dwellings)
// go to a searcher of B or of a neighbouring territory C in proportion to n_B : w·n_C, where
// n is the number of searchers and w the cross-border weight (labour.commuting_weight,
// housing.cross_border_weight). B keeps the share n_B / W_B of its offers, with
// W_B = n_B + w·Σ_C n_C, and the searchers of C find offers of B at the rate
// w·n_C·v_B / W_B (v_B: B's offers per day). With w = 0, or with the edge cut, nothing
// crosses, and a site's own market is exactly what it is without neighbours.
//
// Sites are logical processes: no site reads another's live state. At each market month a
// site reads the latest news from its neighbours, sets its rates for the month, then sends
// its own state (v, n, W) to them as MarketNews, delivered between windows (deliver_outbox)
// and read at their next market month. Rates are therefore set from the neighbours' state of
// the previous month, whatever the thread count.
#include "sim/engine/distributions.hpp"
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

namespace {
params::ParamId weight_param(int kind) {
  return kind == 0 ? ParamId::labour_commuting_weight : ParamId::housing_cross_border_weight;
}
}  // namespace

void Site::on(const MarketMonth&) {
  double next = now_ + engine::kDaysPerMonth;
  if (next < frame_.end_day) schedule(next, kPriorityStatistics, MarketMonth{});
  for (int kind = 0; kind < kMarketKinds; ++kind) {
    const auto& neighbours = world_.market_neighbours(kind, index_);
    if (neighbours.empty()) continue;
    const double weight = update_market_rates(kind);
    if (!cross_border_running_[kind]) schedule_cross_border(kind);
    // This month's state, for the neighbours' next market month.
    const double seekers = double(kind == 0 ? job_seekers_.size() : housing_seekers_.size());
    const double offers = kind == 0 ? vacancies_per_day() : housing_offers_per_day(false);
    for (std::uint16_t to : neighbours)
      market_outbox_.push_back({to, index_, std::uint8_t(kind), offers, seekers, weight});
  }
  draw_month_offers();  // with this month's local shares (site_markets.cpp)
}

// The month's share of local offers kept here, and the rate of offers found across borders.
// Returns W, this territory's searchers weighted with its neighbours' (sent to them as news).
double Site::update_market_rates(int kind) {
  const double w = param(weight_param(kind));
  const double seekers = double(kind == 0 ? job_seekers_.size() : housing_seekers_.size());
  double weight = seekers, cross = 0;
  for (const MarketNews& n : market_news_[kind]) {
    weight += w * n.seekers;
    if (n.weight > 0) cross += w * seekers * n.offers_per_day / n.weight;
  }
  local_offer_share_[kind] = weight > 0 ? seekers / weight : 1.0;
  cross_border_per_day_[kind] = cross;
  return weight;
}

void Site::schedule_cross_border(int kind) {
  const double per_day = cross_border_per_day_[kind];
  cross_border_running_[kind] = false;
  if (per_day <= 0) return;
  auto rng = site_stream(kPurposeCommuting, commuting_draws_);
  double at = now_ + engine::exponential(rng, per_day);
  if (at >= frame_.end_day) return;
  schedule(at, kPriorityPerson, CrossBorderOffer{std::uint8_t(kind)});
  cross_border_running_[kind] = true;
}

// An offer of a neighbouring territory reaches a searcher here, who takes it with the same
// chance as a local one (employer openness, skills, intermediation; landlord openness).
void Site::on(const CrossBorderOffer& e) {
  schedule_cross_border(e.kind);
  SeekerPool& pool = e.kind == 0 ? job_seekers_ : housing_seekers_;
  if (pool.empty()) return;
  auto rng = site_stream(kPurposeCommuting, commuting_draws_);
  std::uint32_t s = pool.pick(rng.uniform());
  if (e.kind == 0) {
    if (rng.uniform() < hiring_chance(s)) {
      hire(s, false);
      ++month_record().cross_border_jobs;
    }
  } else if (rng.uniform() < param(ParamId::housing_landlord_openness)) {
    house(s);
    ++month_record().cross_border_dwellings;
  }
}

void Site::receive(const MarketNews& news) {
  for (MarketNews& n : market_news_[news.kind])
    if (n.from == news.from) n = news;
}

}  // namespace spipsim::model
