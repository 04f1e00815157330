// Supervision: allocating cases to officers, the officers' weekly plan (assessments first,
// then due contacts by the prioritisation rule, within the week's time budget), contacts,
// missed appointments and breaches.
#include <algorithm>
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/site.hpp"

namespace spipsim::model {

using params::ParamId;

enum AllocationPolicy : std::size_t { kRoundRobin, kLeastLoaded, kRiskPoints, kSpecialised };
enum ContactPriority : std::size_t { kRiskFirst, kOverdueFirst };

double Site::case_points(std::uint32_t s) const {
  switch (people_.tier[s]) {
    case RiskTier::Low:
      return param(ParamId::allocation_points_low);
    case RiskTier::Medium:
      return param(ParamId::allocation_points_medium);
    default:
      return param(ParamId::allocation_points_high);
  }
}

double Site::contact_interval(std::uint32_t s) const {
  if (people_.status[s] == Status::Detained) {
    double to_release = people_.release_due[s] - now_;
    return to_release <= param(ParamId::contact_preparation_months) * engine::kDaysPerMonth
               ? param(ParamId::contact_interval_preparation_days)
               : param(ParamId::contact_interval_prison_days);
  }
  switch (people_.tier[s]) {
    case RiskTier::Low:
      return param(ParamId::contact_interval_low_days);
    case RiskTier::Medium:
      return param(ParamId::contact_interval_medium_days);
    default:
      return param(ParamId::contact_interval_high_days);
  }
}

// Chooses an officer for a person who needs one; people under a community measure wait
// unallocated when every eligible officer is at the caseload cap.
void Site::allocate(std::uint32_t s) {
  if (people_.officer[s] != kNone) unassign(s);
  bool closed = people_.status[s] == Status::Detained;
  auto policy = params_.choice(ParamId::allocation_policy);
  auto cap = closed ? 0 : params_.integer(ParamId::allocation_caseload_cap);
  bool high = people_.tier[s] == RiskTier::High;
  std::uint32_t best = kNone;
  double best_load = 0;
  const auto n = std::uint32_t(officers_.size());
  for (std::uint32_t k = 0; k < n; ++k) {
    std::uint32_t o = policy == kRoundRobin && !closed ? (round_robin_ + k) % n : k;
    const Officer& off = officers_[o];
    if (!off.active || off.closed != closed) continue;
    if (cap > 0 && std::int64_t(off.caseload.size()) >= cap) continue;
    if (!closed && policy == kSpecialised && off.specialist != high) continue;
    if (!closed && policy == kRoundRobin) {
      best = o;
      round_robin_ = (o + 1) % n;
      break;
    }
    double load = (!closed && (policy == kRiskPoints || policy == kSpecialised))
                      ? off.points
                      : double(off.caseload.size());
    if (best == kNone || load < best_load) {
      best = o;
      best_load = load;
    }
  }
  if (best == kNone && !closed && policy == kSpecialised) {
    // No specialist (or no generalist) at this site: fall back to every community officer.
    for (std::uint32_t o = 0; o < n; ++o) {
      const Officer& off = officers_[o];
      if (!off.active || off.closed || (cap > 0 && std::int64_t(off.caseload.size()) >= cap))
        continue;
      if (best == kNone || off.points < best_load) best = o, best_load = off.points;
    }
  }
  if (best == kNone) {
    if (!closed) unallocated_.push_back(ref(s));
    if (std::isnan(people_.assessment_requested[s])) people_.assessment_requested[s] = now_;
    return;
  }
  assign(s, best);
}

void Site::assign(std::uint32_t s, std::uint32_t o) {
  Officer& off = officers_[o];
  people_.officer[s] = o;
  people_.caseload_pos[s] = std::uint32_t(off.caseload.size());
  off.caseload.push_back(s);
  off.due.push_back(people_.assessed[s] ? people_.next_contact_due[s] : kNaN);
  off.points += case_points(s);
  if (!people_.assessed[s]) {
    if (std::isnan(people_.assessment_requested[s])) people_.assessment_requested[s] = now_;
    off.assessments.push_back(ref(s));
  } else if (std::isnan(people_.next_contact_due[s])) {
    set_next_due(s, now_);
  }
  if (people_.status[s] == Status::Supervised) refresh_hazard(s);  // officer training matters
}

void Site::unassign(std::uint32_t s) {
  std::uint32_t o = people_.officer[s];
  if (o == kNone) return;
  Officer& off = officers_[o];
  std::uint32_t at = people_.caseload_pos[s];
  std::uint32_t last = off.caseload.back();
  off.caseload[at] = last;
  off.due[at] = off.due.back();
  people_.caseload_pos[last] = at;
  off.caseload.pop_back();
  off.due.pop_back();
  off.points -= case_points(s);
  people_.officer[s] = kNone;
  people_.caseload_pos[s] = kNone;
}

void Site::on(const WeeklyPlan&) {
  schedule(now_ + 7.0, kPriorityPlanning, WeeklyPlan{});
  // Caps may have freed places since last week: first come, first allocated.
  for (std::size_t n = unallocated_.size(); n > 0; --n) {
    PersonRef who = unallocated_.front();
    unallocated_.pop_front();
    if (valid(who) && people_.officer[who.slot] == kNone &&
        people_.status[who.slot] == Status::Supervised)
      allocate(who.slot);
  }
  for (std::uint32_t o = 0; o < officers_.size(); ++o)
    if (officers_[o].active) plan_officer(o, now_ + 7.0);
}

// One officer's week: the time left after administration and court reports goes first to
// waiting assessments, then to due contacts in the order of the prioritisation rule. Due
// contacts that do not fit stay due (late) and come first next week under overdue_first.
void Site::plan_officer(std::uint32_t o, double week_end) {
  Officer& off = officers_[o];
  auto& m = month_record();
  double weekly = param(ParamId::staffing_weekly_hours);
  double admin = weekly * param(ParamId::staffing_admin_share) *
                 (1 - param(ParamId::digital_admin_time_saved));
  double reports = std::min(weekly - admin, param(ParamId::staffing_report_hours_per_week));
  double budget = weekly - admin - reports;
  if (!off.closed) budget -= take_investigation_hours(budget);  // art. 723-15 (site_routes.cpp)
  m.hours_admin += admin;
  m.hours_reports += reports;

  double assessment_hours = param(ParamId::assessment_hours);
  while (!off.assessments.empty() && budget >= assessment_hours) {
    PersonRef who = off.assessments.front();
    off.assessments.pop_front();
    if (!valid(who) || people_.officer[who.slot] != o || people_.assessed[who.slot]) continue;
    budget -= assessment_hours;
    m.hours_assessment += assessment_hours;
    assess(who.slot);
  }

  // Sort keys are copied out of the person rows so the sort compares without indirection.
  std::vector<DueContact>& due = due_buffer_;
  due.clear();
  bool risk_first = params_.choice(ParamId::contact_priority) == kRiskFirst;
  // First pass: find the due cases and start loading their rows, so that the cache misses
  // overlap instead of stalling one after the other in the second pass.
  due_positions_.clear();
  for (std::size_t k = 0; k < off.due.size(); ++k) {
    if (!(off.due[k] < week_end)) continue;  // NaN (not assessed) never is
    due_positions_.push_back(std::uint32_t(k));
    __builtin_prefetch(&people_.row(off.caseload[k]));
  }
  for (std::uint32_t k : due_positions_) {
    std::uint32_t s = off.caseload[k];
    PersonRow& p = people_.row(s);
    if (!p.due_counted) {
      p.due_counted = true;
      ++p.contacts_due;
      ++m.contacts_due;
    }
    due.push_back({risk_first ? std::uint8_t(2 - std::uint8_t(p.tier)) : std::uint8_t(0),
                   off.due[k], p.id, s});
  }
  std::sort(due.begin(), due.end(), [](const DueContact& a, const DueContact& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.day != b.day) return a.day < b.day;
    return a.id < b.id;
  });
  double remote_share = param(ParamId::digital_remote_share);
  double in_person_h = param(ParamId::contact_minutes_in_person) / 60.0;
  double remote_h = param(ParamId::contact_minutes_remote) / 60.0;
  for (const DueContact& d : due) {
    std::uint32_t s = d.slot;
    bool remote = people_.status[s] != Status::Detained && remote_share > 0 &&
                  person_stream(s).uniform() < remote_share;
    double cost = remote ? remote_h : in_person_h;
    if (budget < cost) continue;  // a cheaper (remote) contact may still fit
    budget -= cost;
    m.hours_contacts += cost;
    double at = std::max(now_, people_.next_contact_due[s]);
    set_next_due(s, at + contact_interval(s));  // provisional, set at the contact
    people_.due_counted[s] = false;
    schedule(at, kPriorityPerson, ContactHeld{ref(s), people_.status_version[s], remote});
  }
}

void Site::assess(std::uint32_t s) {
  auto& m = month_record();
  bool trained = people_.officer[s] != kNone && officers_[people_.officer[s]].trained;
  double detect =
      param(trained ? ParamId::assessment_detection_trained : ParamId::assessment_detection);
  auto rng = person_stream(s);
  std::uint8_t known = 0;
  for (int b = 0; b < kNeedKinds; ++b)
    if ((people_.needs[s] >> b & 1) && rng.uniform() < detect) known |= std::uint8_t(1 << b);
  people_.known_needs[s] = known;
  people_.assessed[s] = true;
  ++m.assessments;
  m.assessment_wait_days_sum += now_ - people_.assessment_requested[s];
  set_next_due(s, now_);
}

void Site::on(const ContactHeld& e) {
  if (!valid(e.who) || people_.status_version[e.who.slot] != e.version) return;
  std::uint32_t s = e.who.slot;
  auto& m = month_record();
  if (people_.status[s] == Status::Supervised) {
    double miss = param(ParamId::contact_miss_probability);
    if (!(miss == miss_probability_)) {  // first contact, or a timeline change
      miss_probability_ = miss;
      miss_log_odds_ = std::log(miss / (1 - miss));
    }
    double logit = miss_log_odds_ + people_.miss_logit[s];
    double p_miss = 1 / (1 + std::exp(-logit));
    if (params_.flag(ParamId::digital_reminders))
      p_miss *= 1 - param(ParamId::digital_reminder_miss_reduction);
    auto rng = person_stream(s);
    if (miss > 0 && rng.uniform() < p_miss) {
      ++m.contacts_missed;
      set_next_due(s, now_ + std::min(7.0, contact_interval(s)));
      if (rng.uniform() < param(ParamId::violations_detection_per_miss)) record_breach(s);
      if (people_.status[s] == Status::Supervised && dose_tenths(s) != people_.dose_tenths[s])
        refresh_hazard(s);
      return;
    }
  }
  ++m.contacts_delivered;
  double effect = e.remote ? param(ParamId::digital_remote_effect_kept) : 1.0;
  people_.contacts_effective[s] += float(effect);
  set_next_due(s, now_ + contact_interval(s));
  if (!params_.flag(ParamId::contact_surveillance_only)) work_on_needs(s, effect);
  // The hazard sees the dose in tenths: re-solving the clock at every appointment would
  // cost a lot and change little.
  if (people_.status[s] == Status::Supervised && dose_tenths(s) != people_.dose_tenths[s])
    refresh_hazard(s);
}

std::uint8_t Site::dose_tenths(std::uint32_t s) const {
  if (people_.status[s] != Status::Supervised || people_.officer[s] == kNone ||
      people_.contacts_due[s] == 0)
    return 0;
  double dose =
      std::min(1.0, double(people_.contacts_effective[s]) / double(people_.contacts_due[s]));
  return std::uint8_t(dose * 10.0);  // truncation is floor here: 0 <= dose <= 1
}

// A recorded breach; past the threshold the judge may revoke the measure (custody).
void Site::record_breach(std::uint32_t s) {
  auto& m = month_record();
  ++m.technical_violations;
  if (++people_.breaches[s] < params_.integer(ParamId::violations_revocation_threshold)) return;
  auto rng = person_stream(s);
  if (rng.uniform() >= param(ParamId::violations_revocation_probability)) return;
  ++m.revocations;
  if (people_.has_index[s] && std::isnan(people_.reimprisonment_day[s]) &&
      now_ >= people_.index_day[s])
    people_.reimprisonment_day[s] = now_;
  start_custody(s, engine::lognormal_mean_cv(rng, param(ParamId::violations_revocation_days), 0.5),
                true);
}

}  // namespace spipsim::model
