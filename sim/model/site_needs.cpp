// Work on needs: at a contact the officer takes the first need of the plan that is known,
// unresolved and not already referred, and helps directly (administrative rights) or refers
// to a partner. Acceptance and delay depend on the agreement with the partner and on data
// sharing; a refused referral is sent again after a delay, a limited number of times. The
// partner serves a limited number of people at once (PartnerQueue). An employment service
// that succeeds in prison close to release arranges a reserved insertion job that starts on
// the release day (site_markets.cpp, start_arranged_job).
#include <cmath>
#include <limits>

#include "sim/engine/distributions.hpp"
#include "sim/model/site.hpp"

namespace spipsim::model {

using params::ParamId;

namespace {

// The plan's order: rights first (they unlock the rest), then housing, care, skills, work.
constexpr NeedBit kPlanOrder[] = {kNeedRights,       kNeedHousing, kNeedAddiction,
                                  kNeedMentalHealth, kNeedSkills,  kNeedEmployment};

PartnerType partner_for(NeedBit need) {
  switch (need) {
    case kNeedRights:
      return PartnerType::Rights;
    case kNeedHousing:
      return PartnerType::Housing;
    case kNeedAddiction:
    case kNeedMentalHealth:
      return PartnerType::Health;
    case kNeedSkills:
      return PartnerType::Training;
    default:
      return PartnerType::Employment;
  }
}

// The needs a partner type works on (a referral to it holds these bits of `referred`).
std::uint8_t referral_bits(PartnerType type) {
  switch (type) {
    case PartnerType::Employment:
      return kNeedEmployment;
    case PartnerType::Housing:
      return kNeedHousing;
    case PartnerType::Health:
      return kNeedAddiction | kNeedMentalHealth;
    case PartnerType::Rights:
      return kNeedRights;
    default:
      return kNeedSkills;
  }
}

}  // namespace

void Site::work_on_needs(std::uint32_t s, double effect) {
  std::uint8_t open = people_.known_needs[s] & people_.needs[s] & ~people_.referred[s] &
                     ~people_.referrals_closed[s];
  bool detained = people_.status[s] == Status::Detained;
  if (people_.employed[s]) open &= std::uint8_t(~kNeedEmployment);
  if (!open) return;  // most contacts: every known need is met, referred or closed
  for (NeedBit need : kPlanOrder) {
    if (!(open & need)) continue;
    if (need == kNeedRights) {
      auto rng = person_stream(s);
      if (rng.uniform() < param(ParamId::needs_direct_help_success) * effect) {
        people_.needs[s] &= std::uint8_t(~kNeedRights);
        return;
      }
    }
    if (need == kNeedSkills && detained) {
      // A place asked for in a workshop is like a pending referral: the plan moves on to the
      // next need (work) while the person waits or attends. Before issue 10 item 7 every
      // contact stopped here, so a detained person with a skills need was never referred to
      // the employment service before the workshop succeeded, and few jobs could be
      // arranged for the release day.
      if (people_.in_workshop[s]) continue;
      join_workshop(s);
      return;
    }
    refer(s, partner_for(need), need);
    return;
  }
}

void Site::refer(std::uint32_t s, PartnerType type, std::uint8_t need_bit) {
  people_.referred[s] |= need_bit;
  send_referral(s, type, need_bit, 1);
}

// One attempt: the partner accepts (the referral joins its queue after the administrative
// delay) or refuses; a refusal is sent again after coordination.retry_delay_days until
// coordination.referral_attempts attempts, then the need is closed to referrals until the
// person's next release or measure (enter_community).
void Site::send_referral(std::uint32_t s, PartnerType type, std::uint8_t need_bit,
                         std::uint8_t attempt) {
  auto pp = partner_params(type);
  double strength = param(pp.agreement);
  double base = param(ParamId::coordination_acceptance_base);
  auto rng = person_stream(s);
  if (rng.uniform() >= base + (1 - base) * strength) {
    if (attempt < params_.integer(ParamId::coordination_referral_attempts)) {
      schedule(now_ + param(ParamId::coordination_retry_delay_days), kPriorityPerson,
               ReferralRetry{ref(s), type, need_bit, std::uint8_t(attempt + 1)});
    } else {
      people_.referred[s] &= std::uint8_t(~need_bit);
      people_.referrals_closed[s] |= need_bit;
    }
    return;
  }
  double delay = param(ParamId::coordination_referral_delay_days) *
                 (1 - param(ParamId::coordination_agreement_delay_reduction) * strength);
  if (params_.flag(ParamId::digital_data_sharing))
    delay *= 1 - param(ParamId::digital_data_sharing_delay_reduction);
  schedule(now_ + delay, kPriorityPerson, ReferralJoin{ref(s), type});
}

void Site::on(const ReferralRetry& e) {
  if (!valid(e.who)) return;
  std::uint32_t s = e.who.slot;
  if (!(people_.referred[s] & e.need_bit)) return;  // the referral was dropped (transfer)
  if (!(people_.needs[s] & e.need_bit)) {             // resolved meanwhile: nothing to send
    people_.referred[s] &= std::uint8_t(~e.need_bit);
    return;
  }
  send_referral(s, e.type, e.need_bit, e.attempt);
}

// The release plan the judge examines: a dwelling, and for work either no need of work or
// skills, an employment service that succeeded, or a job arranged for the release day. It
// reads the person's true situation: a need the assessment missed is unknown, so nothing
// was prepared for it and the plan is not ready (it never counts as prepared).
bool Site::release_plan_prepared(std::uint32_t s) const {
  bool work_ready = people_.job_arranged[s] || people_.intermediated[s] ||
                    !(people_.needs[s] & (kNeedEmployment | kNeedSkills));
  return people_.housed[s] && work_ready;
}

void Site::on(const ReferralJoin& e) {
  if (!valid(e.who)) return;
  std::uint32_t s = e.who.slot;
  bool aligned = params_.flag(ParamId::insertion_release_alignment) &&
                 people_.status[s] == Status::Detained &&
                 people_.release_due[s] - now_ <=
                     param(ParamId::contact_preparation_months) * engine::kDaysPerMonth;
  // Patience on the waiting list, drawn whether or not the person waits, so that a change of
  // capacity leaves everyone's draws in place (common random numbers).
  double patience = param(ParamId::partners_patience_days);
  double gives_up = std::numeric_limits<double>::infinity();
  if (patience > 0) {
    auto rng = person_stream(s);
    gives_up = now_ + engine::exponential(rng, 1.0 / patience);
  }
  if (partners_[int(e.type)].join(e.who, now_, aligned, gives_up))
    start_service(e.who, e.type, 0.0);
}

void Site::start_service(PersonRef who, PartnerType type, double waited_days) {
  auto& m = month_record();
  auto pp = partner_params(type);
  ++m.partner_started[int(type)];
  m.partner_wait_days_sum[int(type)] += waited_days;
  m.partner_services += 1;
  m.cost_partners_eur += param(pp.cost);
  if (type == PartnerType::Training) {
    people_.in_training[who.slot] = true;
    sync_outcome_state(who.slot);  // maybe not the event's person (start_next_services)
  }
  auto rng = person_stream(who.slot);
  schedule(now_ + engine::exponential(rng, 1.0 / param(pp.service_days)), kPriorityPerson,
           ServiceEnd{who, type});
}

void Site::start_next_services(PartnerType type) {
  // A person who gave up waiting: the referral ends unserved, the need stays open and the
  // officer may refer again at a later contact.
  auto gave_up = [&](const PartnerQueue::Waiting& w) {
    ++month_record().partner_gave_up[int(type)];
    if (valid(w.who)) people_.referred[w.who.slot] &= std::uint8_t(~referral_bits(type));
  };
  PartnerQueue::Waiting next;
  while (partners_[int(type)].next(next, now_, gave_up)) {
    if (!valid(next.who)) {
      partners_[int(type)].finish();  // left the simulation while waiting
      continue;
    }
    start_service(next.who, type, now_ - next.since_day);
  }
}

void Site::on(const ServiceEnd& e) {
  partners_[int(e.type)].finish();
  if (valid(e.who)) {
    std::uint32_t s = e.who.slot;
    auto pp = partner_params(e.type);
    auto rng = person_stream(s);
    bool success = rng.uniform() < param(pp.success);
    bool community = people_.status[s] != Status::Detained;
    switch (e.type) {
      case PartnerType::Employment:
        people_.referred[s] &= std::uint8_t(~kNeedEmployment);
        if (success) {
          people_.intermediated[s] = true;
          people_.needs[s] &= std::uint8_t(~kNeedEmployment);
          if (community && !people_.employed[s] && reserved_jobs_free_ > 0) hire(s, true);
          if (!community && reserved_jobs_free_ > 0 && !people_.job_arranged[s] &&
              people_.release_due[s] - now_ <=
                  param(ParamId::contact_preparation_months) * engine::kDaysPerMonth)
            arrange_job(s);
        }
        break;
      case PartnerType::Housing:
        people_.referred[s] &= std::uint8_t(~kNeedHousing);
        if (success) {
          people_.needs[s] &= std::uint8_t(~kNeedHousing);
          if (!people_.housed[s]) house(s);
        }
        break;
      case PartnerType::Health: {
        std::uint8_t bit = (people_.needs[s] & kNeedAddiction) ? kNeedAddiction : kNeedMentalHealth;
        people_.referred[s] &= std::uint8_t(~(kNeedAddiction | kNeedMentalHealth));
        if (success) people_.needs[s] &= std::uint8_t(~bit);
        break;
      }
      case PartnerType::Rights:
        people_.referred[s] &= std::uint8_t(~kNeedRights);
        if (success) people_.needs[s] &= std::uint8_t(~kNeedRights);
        break;
      case PartnerType::Training:
        people_.referred[s] &= std::uint8_t(~kNeedSkills);
        people_.in_training[s] = false;
        if (success) people_.needs[s] &= std::uint8_t(~kNeedSkills);
        break;
    }
    if (people_.status[s] == Status::Supervised || people_.status[s] == Status::Unsupervised)
      refresh_hazard(s);
  }
  start_next_services(e.type);
}

void Site::join_workshop(std::uint32_t s) {
  people_.in_workshop[s] = true;
  if (workshops_.join(ref(s), now_, false)) {
    schedule(now_ + param(ParamId::prison_workshop_days), kPriorityPerson, WorkshopEnd{ref(s)});
  }
}

void Site::on(const WorkshopEnd& e) {
  workshops_.finish();
  if (valid(e.who)) {
    std::uint32_t s = e.who.slot;
    people_.in_workshop[s] = false;
    auto rng = person_stream(s);
    if (rng.uniform() < param(ParamId::prison_workshop_skills_success))
      people_.needs[s] &= std::uint8_t(~kNeedSkills);
  }
  PartnerQueue::Waiting next;
  while (workshops_.next(next)) {
    if (!valid(next.who) || people_.status[next.who.slot] != Status::Detained) {
      if (valid(next.who)) people_.in_workshop[next.who.slot] = false;
      workshops_.finish();
      continue;
    }
    schedule(now_ + param(ParamId::prison_workshop_days), kPriorityPerson, WorkshopEnd{next.who});
  }
}

}  // namespace spipsim::model
