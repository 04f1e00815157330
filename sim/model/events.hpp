#pragma once
// The model's events: small structs in one std::variant. Each family is handled in its own
// file (site_*.cpp). Person events carry a PersonRef and, where the state they act on can
// be superseded, the version of that state they were scheduled under; a stale event is
// dropped when it comes up (lazy cancellation).
#include <cstdint>
#include <iterator>
#include <variant>

#include "sim/engine/event_queue.hpp"
#include "sim/model/person_store.hpp"

namespace spipsim::model {

// Same-instant order: policy and statistics first, then planning, then people.
inline constexpr engine::Priority kPriorityPolicy = 0;
inline constexpr engine::Priority kPriorityStatistics = 1;
inline constexpr engine::Priority kPriorityPlanning = 2;
inline constexpr engine::Priority kPriorityPerson = 3;

// Site-level clocks (site_entries.cpp, site_markets.cpp, site_statistics.cpp).
struct EntryArrival {
  Origin origin;
};
struct WeeklyPlan {};
struct MonthTick {};
struct PolicyChange {
  std::uint16_t index;
};
// A vacancy or an open-market dwelling drawn at the market month (month_offers.hpp), with
// its two uniforms; quota dwellings still arrive one by one (quota: true, pick unused).
struct VacancyArrival {
  std::uint32_t pick;
  std::uint32_t accept;
};
struct HousingOffer {
  bool quota;
  std::uint32_t pick;
};
// Markets across borders (site_commuting.cpp): the monthly exchange of market state with the
// neighbouring sites, and an offer found in a neighbouring département (0: job, 1: dwelling).
struct MarketMonth {};
struct CrossBorderOffer {
  std::uint8_t kind;
};

// Supervision (site_supervision.cpp) has no person event: the weekly plan settles each
// appointment it plans (attendance, breaches, dose, work on needs) at the plan's instant.

// Custody and measures (site_custody.cpp).
struct CustodyEnd {
  PersonRef who;
  std::uint32_t version;
};
struct AdjustmentEnd {
  PersonRef who;
  std::uint32_t version;
};
struct SupervisionEnd {
  PersonRef who;
  std::uint32_t version;
};
struct FollowUpEnd {
  PersonRef who;
};
struct Relocation {
  PersonRef who;
  std::uint32_t version;
};
struct TransferIn {
  std::uint32_t inbox_index;
};

// Legal routes (site_routes.cpp).
struct ReleaseReview {  // the judge examines an aménagement or a libération sous contrainte
  PersonRef who;
  std::uint32_t version;
};
struct LscByRight {  // 2023 rules: libération sous contrainte by right, 3 months before the term
  PersonRef who;
  std::uint32_t version;
};
struct PretrialEnd {  // the remand ends: released, or sentenced with the time served counted
  PersonRef who;
  std::uint32_t version;
};
struct TigEnd {  // the TIG hours are performed
  PersonRef who;
  std::uint32_t version;
};

// Needs, partners and markets (site_needs.cpp, site_markets.cpp).
struct ReferralJoin {
  PersonRef who;
  PartnerType type;
};
// A refused referral sent again (attempt 2, 3...).
struct ReferralRetry {
  PersonRef who;
  PartnerType type;
  std::uint8_t need_bit;
  std::uint8_t attempt;
};
struct ServiceEnd {
  PersonRef who;
  PartnerType type;
};
struct WorkshopEnd {
  PersonRef who;
};
struct JobEnd {
  PersonRef who;
  std::uint32_t version;
};
struct HousingLoss {
  PersonRef who;
  std::uint32_t version;
};

// Recidivism (site_recidivism.cpp).
// At most one pending per person in the usual case: a later crossing time does not push a
// new event, the pending one re-arms itself when it fires early (see refresh_hazard).
struct Reoffence {
  PersonRef who;
};

// Workforce (site_workforce.cpp): the monthly step of funded posts and officers in post, at
// each month boundary, before the month's statistics are closed.
struct WorkforceMonth {};

using Event = std::variant<EntryArrival, WeeklyPlan, MonthTick, PolicyChange, VacancyArrival,
                           HousingOffer, CustodyEnd, AdjustmentEnd, SupervisionEnd, FollowUpEnd,
                           Relocation, TransferIn, ReferralJoin, ServiceEnd, WorkshopEnd, JobEnd,
                           HousingLoss, Reoffence, ReleaseReview, LscByRight, PretrialEnd, TigEnd,
                           ReferralRetry, WorkforceMonth, MarketMonth, CrossBorderOffer>;
inline constexpr std::size_t kEventTypes = std::variant_size_v<Event>;

// The name of alternative k of Event, for the event mix (bench_baseline).
inline const char* event_name(std::size_t k) {
  static constexpr const char* kNames[] = {
      "EntryArrival",    "WeeklyPlan",  "MonthTick",     "PolicyChange",   "VacancyArrival",
      "HousingOffer",    "CustodyEnd",  "AdjustmentEnd", "SupervisionEnd", "FollowUpEnd",
      "Relocation",      "TransferIn",  "ReferralJoin",  "ServiceEnd",     "WorkshopEnd",
      "JobEnd",          "HousingLoss", "Reoffence",     "ReleaseReview",  "LscByRight",
      "PretrialEnd",     "TigEnd",      "ReferralRetry", "WorkforceMonth", "MarketMonth",
      "CrossBorderOffer"};
  static_assert(std::size(kNames) == kEventTypes, "one name per event type");
  return k < kEventTypes ? kNames[k] : "?";
}

}  // namespace spipsim::model
