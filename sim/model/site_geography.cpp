// Geography: how much of the national flows a site receives (detention where the prisons
// are, community caseload by population and unemployment), where a prison entrant lives
// (drawn along the prison's release-flow edges of the world graph), and the move of a
// supervised release's follow-up to the home SPIP (a transfer, like a relocation).
#include <algorithm>
#include <cmath>

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

// Each sentence enters where its prison is: the long ones served in an établissement pour
// peine by the site's detainees there, the others (short, or long held in a maison d'arrêt)
// by its other detainees. So each kind of prison holds the data's detainees when the
// pour-peine sentences hold the data's share of the stock.
Site::PrisonIntake Site::prison_intake(double long_share, double pour_peine) const {
  double ma = world_.detained_share(index_, SentenceClass::Short);
  double pp = world_.detained_share(index_, SentenceClass::Long);
  double long_pp = long_share * pour_peine * pp, long_ma = long_share * (1 - pour_peine) * ma;
  double held = long_pp + long_ma + (1 - long_share) * ma;
  return {held * param(ParamId::world_population_scale),
          held > 0 ? (long_pp + long_ma) / held : 0.0,
          long_pp + long_ma > 0 ? long_pp / (long_pp + long_ma) : 0.0};
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
  if (people_.status[s] != Status::Supervised || !followed_at_home_elsewhere(s)) return;
  ++month_record().releases_sent_home;
  leave_community(s);
  send_away(s, people_.home_site[s]);
}

// The home SPIP is another site, reached along the prison's release-flow edge to the home
// territory: without it (cut, or a home outside the DISP) the follow-up stays here.
bool Site::followed_at_home_elsewhere(std::uint32_t s) const {
  std::uint16_t home = people_.home_site[s];
  if (home == kNoHome || home == index_) return false;
  const auto& homes = world_.release_homes(index_);
  return std::any_of(homes.begin(), homes.end(), [&](const ReleaseHome& h) { return h.site == home; });
}

// A new custody (reconviction, revocation) of someone already known: served in a prison of
// the DISP, drawn along this territory's committal edges, weighted by the detainees of the
// sentence's class (so that reimprisonments fill the prisons as the data do): a long sentence
// goes to an établissement pour peine (if it is one of those served there), a short one, a
// revocation or a remand (art. 714 CPP:
// prévenus are held in maisons d'arrêt) to a maison d'arrêt. New entrants arrive where the
// data put them (entry day today) and are not moved. The person's home becomes this site.
bool Site::commit_to_prison(std::uint32_t s) {
  if (people_.entry_day[s] == now_ || people_.status[s] != Status::Detained) return false;
  bool long_term = people_.pour_peine[s] && !people_.pretrial[s];
  const auto& prisons =
      world_.committal_prisons(index_, long_term ? SentenceClass::Long : SentenceClass::Short);
  if (prisons.empty()) return false;
  // From the person's own stream, like their other draws: every committal draws anew.
  // Until 2026-12-03 the key was the row's status version, which a recycled slot carries over
  // from its last occupant, so the prison depended on which slot the person had (common
  // random numbers across scenarios need the draw to follow the person, not the slot).
  double u = person_stream(s).uniform();
  std::uint16_t to = prisons.back().site;
  for (const ReleaseHome& p : prisons)
    if ((u -= p.weight) < 0) {
      to = p.site;
      break;
    }
  people_.home_site[s] = index_;
  if (to == index_) return false;
  if (people_.officer[s] != kNone) unassign(s);
  send_away(s, to);
  return true;
}

// Days, stocks and outcome checks are counted where the person is: the checks taken by now
// are recorded here, and the row travels with the checks still due and the state they read
// (which holds on the way: resume_outcome_checks), then the person is uncounted here.
void Site::send_away(std::uint32_t s, std::uint16_t to) {
  record_outcome_checks(s);
  outbox_.push_back({to, now_ + frame_.lookahead_days, take_snapshot(people_, s)});
  uncount(s);
  people_.release(s);
}

// The custody continues here: release on the day already set (or now, if the journey
// outlasted it), follow-up events rescheduled in this site's queue, the outcome checks still
// due carried on (those that fell during the journey recorded first: site_outcomes.cpp).
void Site::arrive_in_custody(std::uint32_t k) {
  inbox_done_[k] = true;
  std::uint32_t s = people_.allocate();
  restore_snapshot(people_, s, inbox_[k]);
  people_.officer[s] = people_.caseload_pos[s] = people_.job_pool_pos[s] =
      people_.housing_pool_pos[s] = kNone;
  people_.referred[s] = 0;
  people_.offence_event_day[s] = kNaN;
  people_.in_training[s] = false;
  people_.in_workshop[s] = false;
  ++people_.status_version[s];
  mark_uncounted(s);  // not counted here yet
  people_.release_due[s] = std::max(now_, people_.release_due[s]);
  // The legal routes go on here: a remand ends with its PretrialEnd; a sentence keeps its
  // review at two thirds and its libération sous contrainte by right (a review day that fell
  // during the journey is held on arrival).
  if (people_.pretrial[s]) {
    schedule(people_.release_due[s], kPriorityPerson,
             PretrialEnd{ref(s), people_.status_version[s]});
  } else {
    schedule_release_decisions(s, true);  // the end of custody among them
  }
  if (!std::isnan(people_.followed_until[s]))
    schedule(std::max(now_, people_.followed_until[s]), kPriorityPerson, FollowUpEnd{ref(s)});
  if (people_.assessed[s]) set_next_due(s, now_);
  allocate(s);
  sync_counts(s);
  resume_outcome_checks(s);
}

}  // namespace spipsim::model
