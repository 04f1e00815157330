// Work on needs: at a contact the officer takes the first need of the plan that is known,
// unresolved and not already referred, and helps directly (administrative rights) or refers
// to a partner. Acceptance and delay depend on the agreement with the partner and on data
// sharing; the partner serves a limited number of people at once (PartnerQueue).
#include <cmath>

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

}  // namespace

void Site::work_on_needs(std::uint32_t s, double effect) {
  std::uint8_t open = people_.known_needs[s] & people_.needs[s] & ~people_.referred[s];
  bool detained = people_.status[s] == Status::Detained;
  if (people_.employed[s]) open &= std::uint8_t(~kNeedEmployment);
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
      if (!people_.in_workshop[s]) join_workshop(s);
      return;
    }
    refer(s, partner_for(need), need);
    return;
  }
}

void Site::refer(std::uint32_t s, PartnerType type, std::uint8_t need_bit) {
  auto pp = partner_params(type);
  double strength = param(pp.agreement);
  double base = param(ParamId::coordination_acceptance_base);
  auto rng = person_stream(s);
  if (rng.uniform() >= base + (1 - base) * strength) return;  // refused; retried at a later contact
  double delay = param(ParamId::coordination_referral_delay_days) *
                 (1 - param(ParamId::coordination_agreement_delay_reduction) * strength);
  if (params_.flag(ParamId::digital_data_sharing))
    delay *= 1 - param(ParamId::digital_data_sharing_delay_reduction);
  people_.referred[s] |= need_bit;
  schedule(now_ + delay, kPriorityPerson, ReferralJoin{ref(s), type});
}

void Site::on(const ReferralJoin& e) {
  if (!valid(e.who)) return;
  std::uint32_t s = e.who.slot;
  bool aligned = params_.flag(ParamId::insertion_release_alignment) &&
                 people_.status[s] == Status::Detained &&
                 people_.release_due[s] - now_ <=
                     param(ParamId::contact_preparation_months) * engine::kDaysPerMonth;
  if (partners_[int(e.type)].join(e.who, now_, aligned)) start_service(e.who, e.type, 0.0);
}

void Site::start_service(PersonRef who, PartnerType type, double waited_days) {
  auto& m = month_record();
  auto pp = partner_params(type);
  ++m.partner_started[int(type)];
  m.partner_wait_days_sum[int(type)] += waited_days;
  m.partner_services += 1;
  m.cost_partners_eur += param(pp.cost);
  if (type == PartnerType::Training) people_.in_training[who.slot] = true;
  auto rng = person_stream(who.slot);
  schedule(now_ + engine::exponential(rng, 1.0 / param(pp.service_days)), kPriorityPerson,
           ServiceEnd{who, type});
}

void Site::start_next_services(PartnerType type) {
  PartnerQueue::Waiting next;
  while (partners_[int(type)].next(next)) {
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
