// Supervision: allocating cases to officers, the officers' weekly plan (assessments first,
// then due contacts by the prioritisation rule, within the week's time budget), and the
// appointments the plan settles itself: attendance, breaches, the dose window, work on needs.
#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/purposes.hpp"
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
  const ContactIntervals& c = intervals_;
  if (people_.status[s] == Status::Detained)
    return people_.release_due[s] - now_ <= c.preparation_horizon ? c.preparation : c.prison;
  return c.by_tier[std::size_t(people_.tier[s])];
}

// The contact policy's intervals, read by every appointment, and the dose's reference
// intervals (schedule_intensity): a table kept with the parameters (apply_policy), so an
// interval is one load, not a switch on the tier and a parameter lookup (2026-12-03: the
// switch mispredicted about once in two plan person-weeks).
void Site::set_contact_intervals() {
  ContactIntervals& c = intervals_;
  auto by_tier = [this](double (&to)[kRiskTiers], ParamId low, ParamId medium, ParamId high) {
    to[std::size_t(RiskTier::Low)] = param(low);
    to[std::size_t(RiskTier::Medium)] = param(medium);
    to[std::size_t(RiskTier::High)] = param(high);
  };
  by_tier(c.by_tier, ParamId::contact_interval_low_days, ParamId::contact_interval_medium_days,
          ParamId::contact_interval_high_days);
  by_tier(c.dose_reference, ParamId::contact_dose_reference_low_days,
          ParamId::contact_dose_reference_medium_days, ParamId::contact_dose_reference_high_days);
  c.prison = param(ParamId::contact_interval_prison_days);
  c.preparation = param(ParamId::contact_interval_preparation_days);
  c.preparation_horizon = param(ParamId::contact_preparation_months) * engine::kDaysPerMonth;
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
    // Left without an officer (a staffing cut, a cap): the officer's practice no longer acts.
    if (people_.status[s] == Status::Supervised) refresh_hazard(s);
    return;
  }
  assign(s, best);
}

void Site::assign(std::uint32_t s, std::uint32_t o) {
  Officer& off = officers_[o];
  people_.officer[s] = o;
  people_.caseload_pos[s] = std::uint32_t(off.caseload.size());
  off.caseload.push_back(s);
  off.due.push_back(people_.next_contact_due[s]);
  off.points += case_points(s);
  if (!people_.assessed[s]) {
    if (std::isnan(people_.assessment_requested[s])) people_.assessment_requested[s] = now_;
    off.assessments.push_back(ref(s));
  }
  if (people_.status[s] == Status::Supervised) refresh_hazard(s);  // officer practice matters
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
  double week_end = now_ + 7.0;
  last_plan_ = now_;
  if (dose_decay_.empty()) {
    // Weight of a contact k weeks old in the dose window; past 64 weeks it counts for nothing.
    double weekly = std::exp(-7.0 / param(ParamId::contact_dose_window_days));
    for (int k = 0; k < 64; ++k) dose_decay_.push_back(float(std::pow(weekly, k)));
  }
  set_week_rates();
  // Practice follows the training timeline (lag, fading) before anyone is seen this week.
  for (Officer& off : officers_)
    if (off.active) update_practice(off);
  // Caps may have freed places since last week: first come, first allocated.
  for (std::size_t n = unallocated_.size(); n > 0; --n) {
    PersonRef who = unallocated_.front();
    unallocated_.pop_front();
    if (valid(who) && people_.officer[who.slot] == kNone &&
        people_.status[who.slot] == Status::Supervised)
      allocate(who.slot);
  }
  for (std::uint32_t o = 0; o < officers_.size(); ++o)
    if (officers_[o].active) plan_officer(o, week_end);
  // Cases nobody holds are due all the same: their dose falls.
  for (PersonRef who : unallocated_) {
    std::uint32_t s = who.slot;
    if (!valid(who) || people_.officer[s] != kNone || people_.status[s] != Status::Supervised)
      continue;
    int due = count_due(s, week_end);
    if (due > 0) settle_contacts(s, due, 0, 1.0, false, 0.0);
  }
}

// What every appointment of the week shares: the parameters are those in force at the plan
// (a timeline change takes effect at the next plan).
void Site::set_week_rates() {
  WeekRates& w = week_;
  w.miss = param(ParamId::contact_miss_probability);
  w.miss_odds = w.miss / (1 - w.miss);  // +inf at 1 (settle_contacts then misses every one)
  w.reminder_keep = params_.flag(ParamId::digital_reminders)
                        ? 1 - param(ParamId::digital_reminder_miss_reduction)
                        : 1.0;
  // Episodes at rate r, each found with probability q exp(-age / window) at the next check:
  // a check after a gap g finds Poisson(r q window (1 - exp(-g / window))) of them, r being the
  // average rate times the person's propensity.
  double detect = param(ParamId::violations_detection_probability);
  w.surveillance_only = params_.flag(ParamId::contact_surveillance_only);
  if (w.surveillance_only)
    detect = std::min(1.0, detect * param(ParamId::violations_surveillance_detection_factor));
  w.detection_window = param(ParamId::violations_detection_window_days);
  w.found_at_saturation = param(ParamId::violations_noncompliance_per_year) /
                          engine::kDaysPerYear * detect * w.detection_window;
  w.remote_effect_kept = param(ParamId::digital_remote_effect_kept);
}

// Counts the intervals of the contact policy that elapse before week_end and moves the
// person's due date past them: next due = previous due + interval, whether or not anyone
// saw the person. A due date left behind (a new case, a transfer) restarts at the plan.
int Site::count_due(std::uint32_t s, double week_end) {
  double d = people_.next_contact_due[s];
  if (std::isnan(d) || d < now_) d = now_;
  if (!(d < week_end)) return 0;
  double interval = contact_interval(s);
  int due = 0;
  while (d < week_end) d += interval, ++due;
  set_next_due(s, d);
  month_record().contacts_due += due;
  return due;
}

// (rank, day) as one integer in the same order: the rank above, the day's float bits below,
// mapped so that unsigned order is float order (negatives reversed below the positives).
// Days are never NaN, and never -0 (last_contact starts at -1e30 and takes float(now)).
namespace {
std::uint64_t contact_order_key(unsigned rank, float day) {
  std::uint32_t bits = std::bit_cast<std::uint32_t>(day);
  bits = bits & 0x80000000u ? ~bits : bits | 0x80000000u;
  return std::uint64_t(rank) << 32 | bits;
}
}  // namespace

// One officer's week: the time left after administration, court reports and training goes
// first to waiting assessments, then to due contacts in the order of the prioritisation
// rule. When the week's contacts need more time than is left, every contact is shortened in
// proportion, down to contact.min_length_share of its planned length; contacts that still do
// not fit are not held, and their intervals stay undelivered in the dose window.
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
  if (off.trained) {
    // The course first (at most half the case budget a week), then monthly coaching.
    double course = std::min(off.course_hours_left, 0.5 * budget);
    off.course_hours_left -= course;
    double coaching = param(ParamId::training_coaching_hours_per_month) * 7.0 /
                      engine::kDaysPerMonth;
    budget = std::max(0.0, budget - course - coaching);
  }

  double assessment_hours = param(ParamId::assessment_hours);
  while (!off.assessments.empty() && budget >= assessment_hours) {
    PersonRef who = off.assessments.front();
    off.assessments.pop_front();
    if (!valid(who) || people_.officer[who.slot] != o || people_.assessed[who.slot]) continue;
    budget -= assessment_hours;
    m.hours_assessment += assessment_hours;
    assess(who.slot);
  }

  std::vector<DueContact>& due = due_buffer_;
  due.clear();
  bool risk_first = params_.choice(ParamId::contact_priority) == kRiskFirst;
  // First pass: find the due cases and start loading their rows, so that the cache misses
  // overlap instead of stalling one after the other in the second pass. Without a branch (one
  // case in three is due, and a branch on it mispredicted often): each slot is written, and
  // the end moves on only for a due one.
  due_positions_.resize(off.due.size());
  std::size_t n_due = 0;
  for (std::size_t k = 0; k < off.due.size(); ++k) {
    due_positions_[n_due] = off.caseload[k];
    n_due += !(off.due[k] >= week_end);  // NaN (a new case) is due at once
  }
  due_positions_.resize(n_due);
  // Lines 1-2 too: the hazard is re-solved when the dose moves by a tenth.
  for (std::uint32_t s : due_positions_) people_.prefetch_hot_lines(s);
  double remote_share = param(ParamId::digital_remote_share);
  double practice = off.practice();
  double in_person_h = (param(ParamId::contact_minutes_in_person) +
                        practice * (param(ParamId::contact_minutes_rnr) -
                                    param(ParamId::contact_minutes_in_person))) /
                       60.0;
  double remote_h = param(ParamId::contact_minutes_remote) / 60.0;
  double demand = 0, road = 0;  // road: travel.* hours of in-person community contacts
  for (std::uint32_t s : due_positions_) {
    int n = count_due(s, week_end);
    if (n == 0) continue;
    const PersonRow& p = people_.row(s);
    if (!p.assessed) {  // waiting for the assessment: due, not seen
      settle_contacts(s, n, 0, 1.0, false, 0.0);
      continue;
    }
    // The remote draw comes first in the person's stream for the week.
    bool remote = p.status != Status::Detained && remote_share > 0 &&
                  contact_stream(s).uniform32() < remote_share;
    demand += n * (remote ? remote_h : in_person_h);
    if (!remote && p.status != Status::Detained) road += n * travel_hours_;
    due.push_back({contact_order_key(risk_first ? 2 - unsigned(p.tier) : 0u, p.last_contact),
                   p.id, s, std::uint8_t(n), remote});
  }
  std::sort(due.begin(), due.end(), [](const DueContact& a, const DueContact& b) {
    // One 128-bit comparison, no branch on the keys' equality.
    __extension__ typedef unsigned __int128 Wide;
    return (Wide(a.key) << 64 | a.id) < (Wide(b.key) << 64 | b.id);
  });
  // Contacts are shortened under load; the road to them is not.
  double quality = demand + road > budget
                       ? std::max(param(ParamId::contact_min_length_share), (budget - road) / demand)
                       : 1.0;
  // An officer in RNR practice answers breaches with a graduated response when there is time
  // for it: the share scales with the part of the week's planned work the budget covers. A
  // surveillance-only service reports every breach to the judge (docs/model.md §6).
  double time_share = demand + road > budget ? std::max(0.0, budget) / (demand + road) : 1.0;
  double answered = params_.flag(ParamId::contact_surveillance_only)
                        ? 0.0
                        : param(ParamId::violations_graduated_response_share) * practice * time_share;
  for (const DueContact& d : due) {
    double travel =
        !d.remote && people_.status[d.slot] != Status::Detained ? travel_hours_ : 0.0;
    double cost = (d.remote ? remote_h : in_person_h) * quality + travel;
    int held = 0;
    while (held < d.due && budget >= cost) budget -= cost, ++held;
    m.hours_contacts += held * (cost - travel);
    m.hours_travel += held * travel;
    settle_contacts(d.slot, d.due, held, quality, d.remote, answered);
  }
}

engine::RandomStream Site::contact_stream(std::uint32_t s) const {
  return engine::RandomStream(frame_.seed, frame_.replicate, kPurposeContact, people_.id[s],
                              std::uint32_t(plan_week()) * kBlocksPerDraw);
}

// Settles this week's appointments of one person at the plan's instant: each held contact is
// attended or missed; an attended one adds its quality (length held / length planned, times
// the remote factor) to the dose window and works on a need. Each held appointment, attended
// or missed, is also a compliance check: non-compliance is the person's behaviour and runs in
// time (violations.noncompliance_per_year), and a check finds each episode since the last
// check with a chance that fades with the episode's age (violations.detection_window_days).
// Draws come from the person's stream for the week, so the outcome does not depend on which
// officer or thread settles it. They are 32-bit words, four to a Philox block: the week of
// one appointment (the remote draw, attendance, the check) computes one block, not two.
// `answered`: the officer's share of graduated responses.
void Site::settle_contacts(std::uint32_t s, int due, int held, double quality, bool remote,
                           double answered) {
  auto& m = month_record();
  bool supervised = people_.status[s] == Status::Supervised;
  // Nothing before the spell's first plan is findable: the dose window is empty only then.
  if (supervised && !(people_.contacts_due[s] > 0)) people_.last_check[s] = float(now_);
  // Only a supervised person's held contacts draw (attendance, detection, response): the
  // stream and the person's probabilities are computed only then, once for the week's
  // contacts; what they share with everyone's is in week_ (set by the plan).
  engine::RandomStream rng;
  double p_miss = 0, found_at_saturation = 0, interval = 0;
  if (supervised && held > 0) {
    rng = contact_stream(s);
    rng.next_u32();  // the first word of the week is the plan's remote draw
    // The person's odds of missing are the average person's times their own odds ratio.
    double odds = week_.miss_odds * people_.miss_odds_ratio[s];
    p_miss = week_.miss >= 1 ? 1.0 : odds / (1 + odds);
    // The person's propensity to fail obligations: their chance of missing an appointment
    // against the average person's (its limit, their odds ratio, when nobody misses).
    double propensity = week_.miss > 0 ? p_miss / week_.miss : double(people_.miss_odds_ratio[s]);
    p_miss *= week_.reminder_keep;
    found_at_saturation = week_.found_at_saturation * propensity;
    interval = contact_interval(s);  // the week's appointments are an interval apart
  }
  std::uint32_t version = people_.status_version[s];
  double effect = quality * (remote ? week_.remote_effect_kept : 1.0);
  double delivered = 0;
  for (int c = 0; c < held; ++c) {
    bool attended = true;
    std::uint32_t found = 0;
    if (supervised) {
      attended = !(week_.miss > 0 && rng.uniform32() < p_miss);
      double check = now_ + c * interval;
      double gap = std::max(0.0, check - double(people_.last_check[s]));
      people_.last_check[s] = float(check);
      if (found_at_saturation > 0)
        found = episodes_found(rng, found_at_saturation, gap / week_.detection_window);
    }
    if (attended) {
      ++m.contacts_delivered;
      delivered += effect;
      people_.last_contact[s] = float(now_);
      if (!week_.surveillance_only) work_on_needs(s, effect);
    } else {
      ++m.contacts_missed;
    }
    for (std::uint32_t k = 0; k < found; ++k) {
      record_breach(s, answered);
      if (people_.status_version[s] != version) return;  // revoked: in custody now
    }
  }
  add_to_dose(s, due, delivered);
  // The hazard sees the dose of its last re-solve, in hundredths, and is re-solved when the
  // dose has moved a tenth from it: re-solving the clock at every appointment would cost a
  // lot and change little, and a dose hovering at the edge of a tenth no longer re-solves
  // it week after week (2026-12-03: it was the dose in tenths, rounded down, re-solved at
  // each change of tenth).
  if (people_.status[s] == Status::Supervised &&
      std::abs(int(dose_hundredths(s)) - int(people_.dose_seen[s])) >= kDoseStepHundredths)
    refresh_hazard(s);
}

// Poisson(F (1 - exp(-x))) episodes found by a check, by inversion of one 32-bit uniform
// (engine::poisson_inverse; a count whose tail is below 2^-32 is never drawn). The mean is at
// most F x, so a uniform at or below 1 - F x (less a margin for rounding) is a zero count
// whatever the exponentials give: most checks find nothing, and they skip both (expm1 here,
// exp in the inversion). A mean of 10 or more takes engine::poisson's rejection draws.
std::uint32_t Site::episodes_found(engine::RandomStream& rng, double saturation, double x) {
  double bound = saturation * x * (1 + 1e-12);  // >= the computed mean
  if (bound < 10.0) {
    double u = rng.uniform32();
    if (u <= 1.0 - bound - engine::kPoissonZeroMargin) return 0;
    return engine::poisson_inverse(u, saturation * -std::expm1(-x));
  }
  return engine::poisson(rng, saturation * -std::expm1(-x));  // rejection: several draws
}

// The dose window: due and delivered contacts, each weighted by exp(-age / window), so the
// dose is a recent ratio that falls when contacts stop and recovers when they resume.
void Site::add_to_dose(std::uint32_t s, int due, double delivered) {
  PersonRow& p = people_.row(s);
  int week = plan_week();
  unsigned age = unsigned(week - p.dose_week);
  float keep = age < dose_decay_.size() ? dose_decay_[age] : 0.f;
  p.contacts_due = p.contacts_due * keep + float(due);
  p.contacts_effective = p.contacts_effective * keep + float(delivered);
  p.dose_week = std::uint16_t(week);
}

void Site::assess(std::uint32_t s) {
  auto& m = month_record();
  double practice = people_.officer[s] != kNone ? officers_[people_.officer[s]].practice() : 0;
  double base = param(ParamId::assessment_detection);
  double detect = base + practice * (param(ParamId::assessment_detection_trained) - base);
  auto rng = person_stream(s);
  std::uint8_t known = 0;
  for (int b = 0; b < kNeedKinds; ++b)
    if ((people_.needs[s] >> b & 1) && rng.uniform() < detect) known |= std::uint8_t(1 << b);
  people_.known_needs[s] = known;
  people_.assessed[s] = true;
  ++m.assessments;
  m.assessment_wait_days_sum += now_ - people_.assessment_requested[s];
}

// The supervision dose now, to the nearest hundredth (0 outside supervision).
std::uint8_t Site::dose_hundredths(std::uint32_t s) const {
  if (people_.status[s] != Status::Supervised || !(people_.contacts_due[s] > 0)) return 0;
  double dose =
      std::min(1.0, double(people_.contacts_effective[s]) / double(people_.contacts_due[s]));
  return std::uint8_t(dose * 100.0 + 0.5);
}

// A recorded breach (a technical violation). The officer answers the share `answered` of
// breaches with a graduated response (RNR practice, time for it: plan_officer); the others
// count towards the judge's threshold, past which the judge may revoke the measure (custody).
void Site::record_breach(std::uint32_t s, double answered) {
  auto& m = month_record();
  ++m.technical_violations;
  auto rng = person_stream(s);
  if (answered > 0 && rng.uniform() < answered) return;
  if (++people_.breaches[s] < params_.integer(ParamId::violations_revocation_threshold)) return;
  if (rng.uniform() >= param(ParamId::violations_revocation_probability)) return;
  ++m.revocations;
  if (people_.has_index[s] && std::isnan(people_.reimprisonment_day[s]) &&
      now_ >= people_.index_day[s])
    people_.reimprisonment_day[s] = now_;
  start_custody(s, engine::lognormal_mean_cv(rng, param(ParamId::violations_revocation_days), 0.5),
                true);
  // The weekly plan revokes people without an event of their own: from today their days are
  // detention days and they are in the detained stock (until 2026-12-03 the cost status
  // lagged to their next event, costing those days as community days).
  sync_counts(s);
}

}  // namespace spipsim::model
