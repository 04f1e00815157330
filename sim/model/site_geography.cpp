// Geography: how much of the national flows a site receives (detention where the prisons
// are, community caseload by population and unemployment), where a prison entrant lives
// (drawn along the prison's release-flow edges of the world graph), and the move of a
// supervised release's follow-up to the home SPIP (a transfer, like a relocation).
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

double Site::entry_scale(Origin origin) const {
  double share = origin == Origin::Prison ? world_.detained_share(index_)
                                          : world_.community_share(index_);
  return share * param(ParamId::world_population_scale);
}

// Drawn once at entry from the person's own stream, so the same person has the same home in
// every scenario. Home is this site unless the entrant is one of the away share (higher in
// établissements pour peine), then a territory along a release-flow edge, weighted by it.
void Site::draw_home(std::uint32_t s) {
  people_.home_site[s] = index_;
  double away = world_.away_share(index_);
  if (away <= 0) return;
  engine::RandomStream rng(frame_.seed, frame_.replicate, kPurposeHome, people_.id[s]);
  if (rng.uniform() >= away) return;
  double u = rng.uniform();
  const auto& homes = world_.release_homes(index_);
  for (const ReleaseHome& h : homes) {
    people_.home_site[s] = h.site;
    if ((u -= h.weight) < 0) break;
  }
}

// CPP art. D.573: the release papers send the person to the SPIP of their residence. Only a
// supervised release has a file to move; a sortie sèche leaves no SPIP follow-up, so the
// person stays counted where they were released.
void Site::move_home_after_release(std::uint32_t s) {
  std::uint16_t home = people_.home_site[s];
  if (people_.status[s] != Status::Supervised || home == kNoHome || home == index_) return;
  ++month_record().releases_sent_home;
  leave_community(s);
  PersonSnapshot snapshot = take_snapshot(people_, s);
  outbox_.push_back({home, now_ + frame_.lookahead_days, std::move(snapshot)});
  people_.release(s);
}

}  // namespace spipsim::model
