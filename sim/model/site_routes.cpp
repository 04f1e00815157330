// French legal routes (Code de procédure pénale, code pénal) from the sentence to the end of
// the measure: pre-trial detention, aménagement before incarceration (art. 723-15 CPP), the
// judge's review at two thirds of the term (aménagement or libération sous contrainte,
// art. 720), the libération sous contrainte by right three months before the term (2023
// rules), and community sentences (sursis probatoire, TIG limited by host places, DDSE as a
// sentence). docs/model.md, "Legal routes", gives each route's causal path.
#include <algorithm>
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

enum RegimeRules : std::size_t { kRules2016, kRules2023 };

// Keyed by (person, sentence number, decision): a decision draws the same numbers in every
// scenario, whatever happened before it, so two rule sets compare the same people.
engine::RandomStream Site::route_stream(std::uint32_t s, std::uint32_t decision) const {
  return engine::RandomStream(frame_.seed, frame_.replicate, kPurposeRoute, people_.id[s],
                              std::uint32_t(people_.sentences[s]) * kRouteBlocks + decision);
}

bool Site::rules_2023() const {
  return params_.choice(ParamId::regime_rules) == kRules2023;
}

// The measure of an aménagement. Libération conditionnelle is a release measure only: not
// before incarceration.
ReleaseType Site::draw_measure(engine::RandomStream& rng, bool at_release) const {
  const double mix[4] = {param(ParamId::release_share_em), param(ParamId::release_share_semi_liberte),
                         param(ParamId::release_share_placement_exterieur),
                         at_release ? param(ParamId::release_share_conditionnelle) : 0.0};
  if (mix[0] + mix[1] + mix[2] + mix[3] <= 0) return ReleaseType::ElectronicMonitoring;
  return ReleaseType(1 + engine::categorical(rng, mix));
}

// A new prison sentence of someone not detained (a first entry or a reconviction; a
// revocation goes straight to custody). The time on remand counts towards the sentence.
void Site::sentence_to_prison(std::uint32_t s, double days) {
  ++people_.sentences[s];
  days = std::max(1.0, days);
  auto rng = route_stream(s, kRoutePretrial);
  if (rng.uniform() < param(ParamId::pretrial_share)) {
    begin_remand(s, days, rng);
    return;
  }
  if (adjust_before_incarceration(s, days)) return;
  begin_custody(s, days, 0.0, false);
}

// Art. 723-15 CPP: a short sentence of someone free is examined by the judge on the SPIP's
// investigation (officer hours) and may be served entirely under a measure. The measure needs
// an address (assumption: no one without housing gets one), and a prepared plan when
// release.preparation_required is set.
bool Site::adjust_before_incarceration(std::uint32_t s, double days) {
  double limit = param(rules_2023() ? ParamId::regime_ab_initio_max_2023_days
                                    : ParamId::regime_ab_initio_max_2016_days);
  if (days > limit || !people_.housed[s]) return false;
  if (params_.flag(ParamId::release_preparation_required) && !release_plan_prepared(s)) return false;
  auto rng = route_stream(s, kRouteAbInitio);
  if (!(rng.uniform() < param(ParamId::sentence_ab_initio_share))) return false;
  investigation_hours_owed_ += param(ParamId::sentence_investigation_hours);
  ++month_record().ab_initio;
  start_measure(s, days, draw_measure(rng, false));
  people_.sentence_days[s] = days;
  return true;
}

void Site::begin_remand(std::uint32_t s, double sentence_days, engine::RandomStream& rng) {
  double remand = std::max(1.0, engine::lognormal_mean_cv(rng, param(ParamId::pretrial_mean_days), 1.0));
  // The remand is custody with no term yet. It is committed to a prison of the DISP only
  // once it is a remand: the snapshot must carry the pending sentence, or the receiving
  // prison would release the person at the remand's end as if it were the term.
  begin_custody(s, remand, 0.0, false, /*remand=*/true);
  people_.pretrial[s] = true;
  people_.sentence_days[s] = sentence_days;  // pronounced at the end of the remand
  people_.sentence_end[s] = kNaN;
  ++month_record().pretrial_entries;
  // A new legal status, the remand: events keyed to the custody's start go stale.
  ++people_.status_version[s];
  // Committed to another site's prison: the remand ends there (arrive_in_custody).
  if (commit_to_prison(s)) return;
  schedule(people_.release_due[s], kPriorityPerson, PretrialEnd{ref(s), people_.status_version[s]});
}

// The remand ends: released (acquittal, dismissal, a non-custodial sentence), or sentenced
// with the time already served counted (released at once when it covers the sentence).
void Site::on(const PretrialEnd& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  std::uint32_t s = e.who.slot;
  people_.pretrial[s] = false;
  auto rng = route_stream(s, kRoutePretrial + 2);
  double served = now_ - people_.custody_start[s];
  if (rng.uniform() < param(ParamId::pretrial_release_share)) {
    ++month_record().pretrial_released;
    people_.sentence_days[s] = kNaN;
    if (rng.uniform() < param(ParamId::pretrial_community_share)) {
      double days =
          engine::lognormal_mean_cv(rng, param(ParamId::entries_community_measure_mean_days),
                                    param(ParamId::entries_community_measure_cv));
      start_community_sentence(s, days);
      return;
    }
    if (people_.officer[s] != kNone) unassign(s);
    if (!people_.has_index[s] || now_ >= people_.followed_until[s]) {
      leave(s);  // out of the SPIP's remit (or follow-up over)
      return;
    }
    people_.status[s] = Status::Unsupervised;
    ++people_.status_version[s];
    people_.release_due[s] = kNaN;
    enter_community(s);
    start_episode(s);
    return;
  }
  begin_custody(s, people_.sentence_days[s], served, true);
}

// The judge's review at two thirds of the term (art. 720, 729 ff. CPP): a prepared plan
// makes an aménagement likely; release.preparation_required makes it the only way.
void Site::on(const ReleaseReview& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  if (!review_releases(e.who.slot)) next_release_decision(e.who.slot);
}

bool Site::review_releases(std::uint32_t s) {
  bool prepared = release_plan_prepared(s);
  double p = param(prepared ? ParamId::release_amenagement_prepared
                            : ParamId::release_amenagement_unprepared);
  if (!prepared && params_.flag(ParamId::release_preparation_required)) p = 0;
  auto rng = route_stream(s, kRouteReview);
  if (!(rng.uniform() < p)) return false;
  release(s, draw_measure(rng, true), false);
  return true;
}

// Art. 720 CPP since 1 January 2023: three months before the term, a sentence of two years
// or less ends under a libération sous contrainte by right, unless there is no housing
// ("impossibilité matérielle résultant de l'absence d'hébergement") or the person is excluded.
void Site::on(const LscByRight& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  if (!lsc_by_right_releases(e.who.slot)) next_release_decision(e.who.slot);
}

bool Site::lsc_by_right_releases(std::uint32_t s) {
  if (!rules_2023() || !people_.housed[s]) return false;
  auto rng = route_stream(s, kRouteLsc);
  if (rng.uniform() < param(ParamId::release_lsc_by_right_excluded_share)) return false;
  release(s, draw_measure(rng, true), true);
  return true;
}

// A custody spell ends at the term (CustodyEnd at release_due) unless the review at the share
// of the term set by release.review_fraction, or the libération sous contrainte by right
// (checked against the rules in force when it comes up), releases the person earlier. A
// review day already past is held at once after a remand (the judge examines at sentencing)
// and skipped for the initial stock (examined before day 0).
// The decisions form a chain (bench/README.md, session 8): only the earliest is in the queue,
// the others wait as bits of release_decisions, and a decision that does not release the
// person queues the next (next_release_decision). A release drops the rest: most of them were
// events that found the person gone. The chain keeps their order: by day, and at the same
// instant the end, the review, the libération sous contrainte, as they were once scheduled.
void Site::schedule_release_decisions(std::uint32_t s, bool review_now) {
  double start = people_.custody_start[s], term = people_.sentence_days[s];
  double end = people_.sentence_end[s];
  std::uint8_t pending = kDecideEnd;
  double review = start + param(ParamId::release_review_fraction) * term;
  if (review < end && (review >= now_ || review_now)) pending |= kDecideReview;
  if (term <= param(ParamId::regime_lsc_by_right_max_sentence_days)) {
    double lsc = end - param(ParamId::regime_lsc_by_right_days_before_term);
    if (lsc < end && (lsc >= now_ || review_now)) pending |= kDecideLsc;
  }
  people_.release_decisions[s] = pending;
  queue_next_release_decision(s);
}

// The day of a pending decision, as it was scheduled: a decision due before now was due at
// once when the chain began (every decision comes at or after the earliest, which is the one
// that fired last), so it is due now. The parameters are those of the start of the chain: a
// timeline change queues every pending decision first (queue_all_release_decisions).
double Site::release_decision_day(std::uint32_t s, std::uint8_t decision) const {
  if (decision == kDecideEnd) return people_.release_due[s];
  double start = people_.custody_start[s], term = people_.sentence_days[s];
  double day = decision == kDecideReview
                   ? start + param(ParamId::release_review_fraction) * term
                   : people_.sentence_end[s] - param(ParamId::regime_lsc_by_right_days_before_term);
  return std::max(day, now_);
}

// Takes the earliest pending decision off the chain (day, then end < review < libération sous
// contrainte, the order of their scheduling) and returns it, with its day.
std::uint8_t Site::take_release_decision(std::uint32_t s, double& day) {
  std::uint8_t pending = people_.release_decisions[s], first = 0;
  for (std::uint8_t decision : {kDecideEnd, kDecideReview, kDecideLsc}) {
    if (!(pending & decision)) continue;
    double at = release_decision_day(s, decision);
    if (!first || at < day) first = decision, day = at;
  }
  people_.release_decisions[s] = std::uint8_t(pending & ~first);
  return first;
}

void Site::push_release_decision(std::uint32_t s, std::uint8_t decision, double day) {
  auto version = people_.status_version[s];
  if (decision == kDecideEnd)
    schedule(day, kPriorityPerson, CustodyEnd{ref(s), version});
  else if (decision == kDecideReview)
    schedule(day, kPriorityPerson, ReleaseReview{ref(s), version});
  else
    schedule(day, kPriorityPerson, LscByRight{ref(s), version});
}

void Site::queue_next_release_decision(std::uint32_t s) {
  double day = 0;
  if (std::uint8_t decision = take_release_decision(s, day))
    push_release_decision(s, decision, day);
}

// A decision fired and did not release the person. The next one due at this same instant was
// scheduled right after it when the spell began (the chain's decisions were pushed one after
// the other), so no other event came between them: it is decided at once, here.
void Site::next_release_decision(std::uint32_t s) {
  for (;;) {
    double day = 0;
    std::uint8_t decision = take_release_decision(s, day);
    if (!decision) return;
    if (day > now_) return push_release_decision(s, decision, day);
    bool released = decision == kDecideEnd ? (release(s, ReleaseType::SortieSeche, false), true)
                    : decision == kDecideReview ? review_releases(s)
                                                : lsc_by_right_releases(s);
    if (released) return;
  }
}

// Before a timeline change, which may change the parameters the days of the pending decisions
// are computed from: every pending decision goes into the queue with its day as scheduled.
void Site::queue_all_release_decisions() {
  for (std::uint32_t s = 0; s < people_.slots(); ++s) {
    if (people_.status[s] != Status::Detained) continue;
    while (people_.release_decisions[s]) queue_next_release_decision(s);
  }
}

// Community sentences: TIG (if a host place comes free before the deadline), DDSE as a
// sentence (2023 rules), otherwise a sursis probatoire with obligations.
void Site::start_community_sentence(std::uint32_t s, double days) {
  if (people_.status[s] == Status::Supervised) {  // merges into the measure under way
    start_measure(s, days, ReleaseType::None);
    return;
  }
  ++people_.sentences[s];
  auto rng = route_stream(s, kRouteCommunity);
  double u = rng.uniform();
  double tig = param(ParamId::sentence_community_share_tig);
  double ddse = rules_2023() ? param(ParamId::sentence_community_share_ddse) : 0.0;
  if (u < tig) {
    start_measure(s, param(ParamId::sentence_tig_deadline_days), ReleaseType::None);
    people_.tig[s] = kTigWaiting;
    join_tig(s);
  } else if (u < tig + ddse) {
    double d = engine::lognormal_mean_cv(rng, param(ParamId::sentence_ddse_mean_days), 0.5);
    start_measure(s, std::clamp(d, 15.0, 183.0), ReleaseType::ElectronicMonitoring);
  } else {
    start_measure(s, days, ReleaseType::None);
  }
}

void Site::join_tig(std::uint32_t s) {
  if (!tig_hosts_.join(ref(s), now_, false)) return;
  people_.tig[s] = kTigServing;
  ++month_record().tig_started;
  auto rng = route_stream(s, kRouteTig);
  double service = engine::exponential(rng, 1.0 / param(ParamId::sentence_tig_service_days));
  schedule(now_ + service, kPriorityPerson, TigEnd{ref(s), people_.sentences[s]});
  sync_counts(s);
}

// A freed place goes to the longest waiting person still waiting (lazy removal).
void Site::start_next_tig() {
  PartnerQueue::Waiting next;
  while (tig_hosts_.next(next)) {
    if (!valid(next.who) || people_.tig[next.who.slot] != kTigWaiting) {
      tig_hosts_.finish();
      continue;
    }
    std::uint32_t s = next.who.slot;
    people_.tig[s] = kTigServing;
    ++month_record().tig_started;
    auto rng = route_stream(s, kRouteTig);
    double service = engine::exponential(rng, 1.0 / param(ParamId::sentence_tig_service_days));
    schedule(now_ + service, kPriorityPerson, TigEnd{ref(s), people_.sentences[s]});
    sync_counts(s);
  }
}

// The hours are done: the TIG is executed and its follow-up ends.
void Site::on(const TigEnd& e) {
  if (!valid(e.who)) return;
  std::uint32_t s = e.who.slot;
  if (people_.tig[s] != kTigServing || people_.sentences[s] != e.version) return;
  drop_tig(s);
  end_supervision(s);
}

// Leaves the TIG (done, custody, departure, end of the measure): frees a host place.
void Site::drop_tig(std::uint32_t s) {
  if (people_.tig[s] == kTigWaiting) ++month_record().tig_unserved;
  bool serving = people_.tig[s] == kTigServing;
  people_.tig[s] = kTigNone;
  if (serving) {
    tig_hosts_.finish();
    start_next_tig();
  }
}

// Community officers do the art. 723-15 investigations first from their weekly budget.
double Site::take_investigation_hours(double budget) {
  double hours = std::clamp(investigation_hours_owed_, 0.0, std::max(0.0, budget));
  investigation_hours_owed_ -= hours;
  month_record().hours_investigation += hours;
  return hours;
}

void Site::apply_route_policy() {
  const auto& t = world_.territory(index_);
  double places = param(ParamId::sentence_tig_host_places_per_100k) * t.population / 1e5 *
                  param(ParamId::world_population_scale);
  tig_hosts_.set_capacity(int(std::lround(places)));
  start_next_tig();
}

}  // namespace spipsim::model
