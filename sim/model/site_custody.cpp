// Custody and measures: release with or without a sentence adjustment (aménagement), the
// end of adjustments and of supervision, the end of follow-up, outcome checks at 6 and 12
// months, and transfers to a neighbouring département.
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

void Site::on(const CustodyEnd& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  release(e.who.slot);
}

// A prepared release plan (a dwelling, and work, training or an employment-service follow-up)
// makes an adjustment likely; without one most people leave with no adjustment (sortie
// sèche). The share of supervised releases emerges from preparation work.
void Site::release(std::uint32_t s) {
  auto& m = month_record();
  ++m.releases;
  std::uint8_t unmet = people_.known_needs[s] & people_.needs[s];
  bool prepared =
      people_.housed[s] && (people_.intermediated[s] || !(unmet & (kNeedEmployment | kNeedSkills)));
  auto rng = person_stream(s);
  double p_adjust = param(prepared ? ParamId::release_amenagement_prepared
                                   : ParamId::release_amenagement_unprepared);
  if (!prepared && params_.flag(ParamId::release_preparation_required)) p_adjust = 0;
  bool adjusted = rng.uniform() < p_adjust;
  ReleaseType type = ReleaseType::SortieSeche;
  if (adjusted) {
    const double mix[4] = {param(ParamId::release_share_em),
                           param(ParamId::release_share_semi_liberte),
                           param(ParamId::release_share_placement_exterieur),
                           param(ParamId::release_share_conditionnelle)};
    type = ReleaseType(1 + engine::categorical(rng, mix));
    ++m.releases_supervised;
  }
  if (people_.officer[s] != kNone) unassign(s);
  enter_community(s);
  if (!people_.has_index[s] && now_ >= frame_.warmup_days) {
    people_.release_type[s] = type;
    people_.custody_days[s] = now_ - people_.custody_start[s];
    if (adjusted) people_.measure_start_day[s] = now_;
  }
  ++people_.status_version[s];
  people_.release_due[s] = kNaN;
  if (adjusted) {
    people_.adjustment_kind[s] = type;
    people_.status[s] = Status::Supervised;
    double adjustment = engine::exponential(rng, 1.0 / param(ParamId::release_adjustment_days));
    double after = param(ParamId::release_post_release_supervision_days);
    double follow = after > 0 ? engine::exponential(rng, 1.0 / after) : 0.0;
    people_.adjustment_end[s] = now_ + adjustment;
    people_.supervision_end[s] = now_ + adjustment + follow;
    people_.contacts_due[s] = 0;
    people_.contacts_effective[s] = 0;
    set_next_due(s, now_);
    schedule(people_.adjustment_end[s], kPriorityPerson,
             AdjustmentEnd{ref(s), people_.status_version[s]});
    schedule(people_.supervision_end[s], kPriorityPerson,
             SupervisionEnd{ref(s), people_.status_version[s]});
    allocate(s);
    schedule_relocation(s);
  } else {
    people_.status[s] = Status::Unsupervised;
  }
  if (!std::isnan(people_.followed_until[s]) && now_ >= people_.followed_until[s] &&
      people_.has_index[s]) {
    // Follow-up ended while in custody: nothing more to measure.
    leave(s);
    return;
  }
  mark_at_risk_start(s, Origin::Prison);
  move_home_after_release(s);
}

void Site::on(const AdjustmentEnd& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  people_.adjustment_end[e.who.slot] = kNaN;  // now in post-release supervision
}

void Site::on(const SupervisionEnd& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  end_supervision(e.who.slot);
}

void Site::end_supervision(std::uint32_t s) {
  if (people_.officer[s] != kNone) unassign(s);
  people_.status[s] = Status::Unsupervised;
  ++people_.status_version[s];
  if (people_.has_index[s] && std::isnan(people_.measure_end_day[s]) &&
      !std::isnan(people_.measure_start_day[s]))
    people_.measure_end_day[s] = now_;
  people_.supervision_end[s] = kNaN;
  people_.adjustment_end[s] = kNaN;
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

void Site::on(const OutcomeCheck& e) {
  if (!valid(e.who)) return;
  std::uint32_t s = e.who.slot;
  bool in_community = people_.status[s] != Status::Detained;
  std::int8_t working = in_community && (people_.employed[s] || people_.in_training[s]);
  std::int8_t housed = in_community && people_.housed[s];
  if (e.months == 6) {
    people_.employed_6m[s] = working;
    people_.housed_6m[s] = housed;
  } else {
    people_.employed_12m[s] = working;
    people_.housed_12m[s] = housed;
    bool reconvicted = !std::isnan(people_.reconviction_day[s]);
    people_.reintegrated_12m[s] = std::int8_t(working && housed && !reconvicted);
  }
}

// The person leaves the simulation: their record is final and the slot is recycled.
void Site::leave(std::uint32_t s) {
  if (people_.status[s] == Status::Supervised || people_.status[s] == Status::Unsupervised)
    leave_community(s);
  if (people_.officer[s] != kNone) unassign(s);
  if (people_.has_index[s]) emit_record(s);
  people_.release(s);
}

void Site::enter_community(std::uint32_t s) {
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
  leave_community(s);
  PersonSnapshot snapshot = take_snapshot(people_, s);
  outbox_.push_back({to, now_ + frame_.lookahead_days, std::move(snapshot)});
  people_.release(s);
}

void Site::on(const TransferIn& e) {
  if (inbox_[e.inbox_index].status == Status::Detained) return arrive_in_custody(e.inbox_index);
  inbox_done_[e.inbox_index] = true;
  const PersonSnapshot& p = inbox_[e.inbox_index];
  std::uint32_t s = people_.allocate();
  restore_snapshot(people_, s, p);
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
  if (people_.adjustment_end[s] > now_)
    schedule(people_.adjustment_end[s], kPriorityPerson,
             AdjustmentEnd{ref(s), people_.status_version[s]});
  if (people_.has_index[s]) {
    for (std::uint8_t months : {std::uint8_t(6), std::uint8_t(12)}) {
      double at = people_.index_day[s] + months * engine::kDaysPerMonth;
      if (at >= now_) schedule(at, kPriorityPerson, OutcomeCheck{ref(s), months});
    }
  }
  schedule(std::max(now_, people_.followed_until[s]), kPriorityPerson, FollowUpEnd{ref(s)});
  set_next_due(s, now_);
  allocate(s);
  refresh_hazard(s);
}

}  // namespace spipsim::model
