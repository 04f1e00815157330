// Custody and measures: release with or without a sentence adjustment (aménagement), the
// end of adjustments and of supervision, the end of follow-up, and transfers to a
// neighbouring département.
#include <cmath>
#include <string>

#include "sim/engine/distributions.hpp"
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

// The custody term is reached with no aménagement: a *sortie sèche*.
void Site::on(const CustodyEnd& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  release(e.who.slot, ReleaseType::SortieSeche, false);
}

// Leaving prison. An aménagement (DDSE, semi-liberté, placement extérieur) replaces the rest
// of the custody term and ends at the term; a libération conditionnelle carries its own
// follow-up beyond the term; a suivi socio-judiciaire continues after the term. Anyone else
// leaves unsupervised (sortie sèche).
void Site::release(std::uint32_t s, ReleaseType type, bool lsc_by_right) {
  auto& m = month_record();
  ++m.releases;
  bool adjusted = is_supervised_release(type);
  bool ssj = route_stream(s, kRouteSsj).uniform() < param(ParamId::sentence_ssj_share);
  // Supervised (an aménagement or a suivi socio-judiciaire) and followed by another SPIP: sent
  // there at the end of this release (move_home_after_release), so nothing is queued here.
  if ((adjusted || ssj) && followed_at_home_elsewhere(s)) departing_ = s;
  m.releases_supervised += adjusted;
  m.releases_lsc_by_right += lsc_by_right;
  if (people_.officer[s] != kNone) unassign(s);
  enter_community(s);
  if (!people_.has_index[s] && now_ >= frame_.warmup_days) {
    people_.release_type[s] = type;
    people_.custody_days[s] = now_ - people_.custody_start[s];
    people_.index_sentence_days[s] = people_.sentence_days[s];
  }
  ++people_.status_version[s];
  people_.release_due[s] = kNaN;
  double term = std::max(now_, people_.sentence_end[s]);
  if (ssj) people_.ssj_end[s] = term + param(ParamId::sentence_ssj_days);
  double end = kNaN;
  if (adjusted) {
    people_.adjustment_kind[s] = type;
    people_.adjustment_end[s] = term;
    end = term;
    if (type == ReleaseType::LiberationConditionnelle)
      end += param(ParamId::release_lc_supervision_beyond_term_days);
  }
  if (!std::isnan(people_.ssj_end[s])) end = std::isnan(end) ? people_.ssj_end[s]
                                                            : std::max(end, people_.ssj_end[s]);
  if (!std::isnan(end)) {
    if (!people_.has_index[s] && now_ >= frame_.warmup_days) people_.measure_start_day[s] = now_;
    people_.status[s] = Status::Supervised;
    people_.supervision_end[s] = end;
    people_.contacts_due[s] = 0;
    people_.contacts_effective[s] = 0;
    set_next_due(s, now_);
    if (adjusted && adjustment_ends_first(s))
      schedule(people_.adjustment_end[s], kPriorityPerson,
               AdjustmentEnd{ref(s), people_.status_version[s]});
    schedule(end, kPriorityPerson, SupervisionEnd{ref(s), people_.status_version[s]});
    allocate(s);
    schedule_relocation(s);
  } else {
    people_.status[s] = Status::Unsupervised;
  }
  if (!std::isnan(people_.followed_until[s]) && now_ >= people_.followed_until[s] &&
      people_.has_index[s]) {
    // Follow-up ended while in custody: nothing more to measure.
    departing_ = kNone;
    leave(s);
    return;
  }
  mark_at_risk_start(s, Origin::Prison);
  bool queued_nothing = departing_ == s;
  departing_ = kNone;
  move_home_after_release(s);
  if (queued_nothing && people_.status[s] != Status::Free)
    invariant_broken("person " + std::to_string(people_.id[s]) +
                     " released without their events queued, but not sent home");
}

// The sentence term: the aménagement is over (a libération conditionnelle or a suivi
// socio-judiciaire may continue as community supervision).
void Site::on(const AdjustmentEnd& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  people_.adjustment_end[e.who.slot] = kNaN;
  people_.adjustment_kind[e.who.slot] = ReleaseType::None;
}

void Site::on(const SupervisionEnd& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  end_supervision(e.who.slot);
}

void Site::end_supervision(std::uint32_t s) {
  if (people_.officer[s] != kNone) unassign(s);
  drop_tig(s);
  people_.status[s] = Status::Unsupervised;
  ++people_.status_version[s];
  if (people_.has_index[s] && std::isnan(people_.measure_end_day[s]) &&
      !std::isnan(people_.measure_start_day[s]))
    people_.measure_end_day[s] = now_;
  people_.supervision_end[s] = kNaN;
  people_.adjustment_end[s] = kNaN;
  people_.adjustment_kind[s] = ReleaseType::None;
  people_.ssj_end[s] = kNaN;
  refresh_hazard(s);  // supervision no longer counts
  if (now_ >= people_.followed_until[s]) leave(s);
}

void Site::on(const FollowUpEnd& e) {
  if (!valid(e.who)) return;
  std::uint32_t s = e.who.slot;
  if (now_ < people_.followed_until[s]) return;  // follow-up was extended by a later index
  if (people_.status[s] == Status::Unsupervised) leave(s);
  // Detained or supervised: they leave when released or when the measure ends.
}

// The person leaves the simulation: their record is final (uncount records the outcome
// checks already due) and the slot is recycled.
void Site::leave(std::uint32_t s) {
  cancel_arranged_job(s);
  if (people_.status[s] == Status::Supervised || people_.status[s] == Status::Unsupervised)
    leave_community(s);
  if (people_.officer[s] != kNone) unassign(s);
  uncount(s);
  if (people_.has_index[s]) emit_record(s);
  people_.release(s);
}

void Site::enter_community(std::uint32_t s) {
  people_.referrals_closed[s] = 0;  // a new situation: partners may be asked again
  if (people_.job_arranged[s]) start_arranged_job(s);  // site_markets.cpp
  if (!people_.employed[s]) job_seekers_.add(s, people_.job_pool_pos);
  if (!people_.housed[s]) {
    housing_seekers_.add(s, people_.housing_pool_pos);
  } else {
    auto rng = person_stream(s);
    double rate = param(ParamId::housing_loss_per_year) / engine::kDaysPerYear;
    if (rate > 0)
      schedule(now_ + engine::exponential(rng, rate), kPriorityPerson,
               HousingLoss{ref(s), ++people_.housing_version[s]});
  }
}

// Leaving the community (custody, departure): jobs are lost, searches stop.
void Site::leave_community(std::uint32_t s) {
  job_seekers_.remove(s, people_.job_pool_pos);
  housing_seekers_.remove(s, people_.housing_pool_pos);
  if (people_.employed[s]) lose_job(s);
  ++people_.housing_version[s];
  pause_offence_clock(s);
  if (people_.officer[s] != kNone) unassign(s);
  drop_tig(s);
}

void Site::schedule_relocation(std::uint32_t s) {
  double rate = param(ParamId::mobility_moves_per_year) / engine::kDaysPerYear;
  if (rate <= 0 || world_.neighbours(index_).empty()) return;
  auto rng = person_stream(s);
  double at = now_ + engine::exponential(rng, rate);
  if (at < people_.supervision_end[s] && at < frame_.end_day)
    schedule(at, kPriorityPerson, Relocation{ref(s), people_.status_version[s]});
}

// The person moves to a neighbouring département: the file goes to that SPIP, arriving
// one lookahead later (the delay of a transfer between services).
void Site::on(const Relocation& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  std::uint32_t s = e.who.slot;
  const auto& neighbours = world_.neighbours(index_);
  auto rng = person_stream(s);
  std::uint16_t to = neighbours[std::min(neighbours.size() - 1,
                                         std::size_t(rng.uniform() * double(neighbours.size())))];
  bool tig = people_.tig[s] != kTigNone;
  if (people_.tig[s] == kTigWaiting) people_.tig[s] = kTigNone;  // moves, not unserved
  leave_community(s);
  people_.tig[s] = tig ? kTigWaiting : kTigNone;  // the TIG waits for a host place there
  send_away(s, to);
}

void Site::on(const TransferIn& e) {
  if (inbox_[e.inbox_index].status == Status::Detained) return arrive_in_custody(e.inbox_index);
  inbox_done_[e.inbox_index] = true;
  const PersonSnapshot& p = inbox_[e.inbox_index];
  std::uint32_t s = people_.allocate();
  restore_snapshot(people_, s, p);
  mark_uncounted(s);  // not counted here yet
  people_.officer[s] = people_.caseload_pos[s] = people_.job_pool_pos[s] =
      people_.housing_pool_pos[s] = kNone;
  people_.employed[s] = false;  // the job stayed behind
  people_.reserved_job[s] = false;
  people_.referred[s] = 0;              // referrals do not follow the person
  people_.offence_event_day[s] = kNaN;  // its pending event stayed in the old queue
  people_.in_training[s] = false;
  people_.status[s] = Status::Supervised;
  ++people_.status_version[s];
  enter_community(s);
  double end = std::max(now_, people_.supervision_end[s]);
  people_.supervision_end[s] = end;
  schedule(end, kPriorityPerson, SupervisionEnd{ref(s), people_.status_version[s]});
  if (people_.adjustment_end[s] > now_ && adjustment_ends_first(s))
    schedule(people_.adjustment_end[s], kPriorityPerson,
             AdjustmentEnd{ref(s), people_.status_version[s]});
  schedule(std::max(now_, people_.followed_until[s]), kPriorityPerson, FollowUpEnd{ref(s)});
  set_next_due(s, now_);
  allocate(s);
  refresh_hazard(s);
  if (people_.tig[s] == kTigWaiting) join_tig(s);
  sync_counts(s);
  resume_outcome_checks(s);
}

}  // namespace spipsim::model
