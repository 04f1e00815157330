// Entries: new prison sentences and community measures arrive as Poisson streams; the
// initial stock fills prisons and caseloads at day 0; people start custody or a measure.
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/prison_sentence.hpp"
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"

namespace spipsim::model {

using params::ParamId;
namespace dist = engine;

void Site::schedule_arrival(Origin origin) {
  double rate_per_day =
      origin == Origin::Prison
          ? param(ParamId::entries_prison_per_year) *
                prison_intake(param(ParamId::entries_prison_long_share),
                              param(ParamId::entries_prison_long_pour_peine_share))
                    .scale
          : param(ParamId::entries_community_per_year) * entry_scale(origin);
  rate_per_day /= engine::kDaysPerYear;
  if (rate_per_day <= 0) return;
  auto o = std::size_t(origin);
  engine::RandomStream rng(
      frame_.seed, frame_.replicate,
      origin == Origin::Prison ? kPurposeArrivalPrison : kPurposeArrivalCommunity, index_,
      std::uint32_t(arrivals_[o]++));
  double at = now_ + dist::exponential(rng, rate_per_day);
  if (at < frame_.end_day) schedule(at, kPriorityPerson, EntryArrival{origin});
}

void Site::on(const EntryArrival& e) {
  std::uint32_t slot = create_person(e.origin, false);
  auto& m = month_record();
  if (e.origin == Origin::Prison) {
    ++m.entries_prison;
  } else {
    ++m.entries_community;
  }
  schedule_arrival(e.origin);
  (void)slot;
}

// Draws a new person's attributes from their own stream (so the same person arrives with
// the same profile in every scenario) and starts their custody or measure.
std::uint32_t Site::create_person(Origin origin, bool stock) {
  std::uint32_t s = people_.allocate();
  people_.id[s] = (std::uint64_t(index_ + 1) << 36) | serial_++;
  engine::RandomStream rng(frame_.seed, frame_.replicate, kPurposeAttributes, people_.id[s]);
  people_.entry_origin[s] = origin;
  people_.origin[s] = origin;
  people_.sex[s] =
      dist::bernoulli(rng, param(ParamId::profile_share_women)) ? Sex::Woman : Sex::Man;
  double under30 = param(ParamId::profile_share_under_30);
  double over50 = param(ParamId::profile_share_over_50);
  double u = rng.uniform();
  double age = u < under30            ? dist::uniform(rng, 18, 30)
               : u < under30 + over50 ? dist::uniform(rng, 50, 75)
                                      : dist::uniform(rng, 30, 50);
  people_.age_at_entry[s] = float(age);
  double low = param(ParamId::profile_share_low_risk),
         high = param(ParamId::profile_share_high_risk);
  const double tier_weights[3] = {low, std::max(0.0, 1 - low - high), high};
  auto tier = dist::categorical(rng, tier_weights);
  people_.tier[s] = RiskTier(tier);
  const ParamId priors_mean[3] = {ParamId::profile_priors_mean_low,
                                  ParamId::profile_priors_mean_medium,
                                  ParamId::profile_priors_mean_high};
  people_.priors[s] =
      std::uint8_t(std::min<std::uint32_t>(255, dist::poisson(rng, param(priors_mean[tier]))));
  std::uint8_t needs = 0;
  const std::pair<ParamId, NeedBit> need_shares[] = {
      {ParamId::profile_need_employment, kNeedEmployment},
      {ParamId::profile_need_housing, kNeedHousing},
      {ParamId::profile_need_addiction, kNeedAddiction},
      {ParamId::profile_need_mental_health, kNeedMentalHealth},
      {ParamId::profile_need_rights, kNeedRights},
      {ParamId::profile_need_skills, kNeedSkills}};
  for (auto [share, bit] : need_shares)
    if (dist::bernoulli(rng, param(share))) needs |= bit;
  people_.needs[s] = needs;
  people_.needs_at_entry[s] = needs;
  people_.housed[s] = !(needs & kNeedHousing);
  people_.miss_odds_ratio[s] =
      float(std::exp(dist::normal(rng, 0.0, param(ParamId::profile_miss_propensity_sd))));
  people_.entry_day[s] = now_;
  double u_length = rng.uniform();  // residual share of the stock's measures
  if (origin == Origin::Prison) {
    draw_home(s);
    SentenceMix mix = sentence_mix(params_);
    double long_share = stock ? long_share_of_stock(mix) : mix.long_share;
    PrisonIntake intake = prison_intake(long_share, mix.long_pour_peine);
    PrisonSentence sentence = draw_prison_sentence(rng, mix, intake.long_probability,
                                                   intake.pour_peine_probability, stock);
    people_.pour_peine[s] = sentence.pour_peine;
    double days = sentence.days;
    if (stock) {
      begin_custody(s, days, days * (1 - u_length), false);  // part served before day 0
    } else {
      sentence_to_prison(s, days);
    }
  } else {
    double days = dist::lognormal_mean_cv(rng, param(ParamId::entries_community_measure_mean_days),
                                          param(ParamId::entries_community_measure_cv));
    if (stock) {
      start_measure(s, days * u_length, ReleaseType::None);
    } else {
      start_community_sentence(s, days);
    }
  }
  sync_counts(s);
  return s;
}

// The stock at day 0: people already detained or followed, already assessed, with the
// remaining part of their sentence or measure. The warm-up then brings stocks, queues and
// markets to a steady state before anything is reported.
void Site::seed_stock() {
  // The stock of each kind of prison at the mix's steady state (prison_sentence.hpp).
  SentenceMix mix = sentence_mix(params_);
  auto detained = std::llround(param(ParamId::entries_stock_detained) *
                               prison_intake(long_share_of_stock(mix), mix.long_pour_peine).scale);
  auto community =
      std::llround(param(ParamId::entries_stock_community) * entry_scale(Origin::Community));
  std::uint64_t counter = 0;
  for (long long i = 0; i < detained + community; ++i) {
    std::uint32_t s = create_person(i < detained ? Origin::Prison : Origin::Community, true);
    engine::RandomStream rng = site_stream(kPurposeStock, counter);
    double detect = param(ParamId::assessment_detection);
    std::uint8_t known = 0;
    for (int b = 0; b < kNeedKinds; ++b)
      if ((people_.needs[s] >> b & 1) && rng.uniform() < detect) known |= std::uint8_t(1 << b);
    people_.known_needs[s] = known;
    people_.assessed[s] = true;
    set_next_due(s, now_ + rng.uniform() * contact_interval(s));
  }
  // Stock people skipped the assessment queue: drop their pending assessments.
  for (Officer& o : officers_) o.assessments.clear();
}

// A prison sentence (revocation = false: through the legal routes of site_routes.cpp) or the
// custody of a revoked measure.
void Site::start_custody(std::uint32_t s, double days, bool revocation) {
  if (revocation) {
    people_.pour_peine[s] = false;  // the custody of a revoked measure: a maison d'arrêt
    begin_custody(s, days, 0.0, false);
  } else {
    sentence_to_prison(s, days);
  }
}

// Custody for a term of which `served_days` are already behind (remand, or the initial
// stock): it ends at the term unless the review or the libération sous contrainte by right
// ends it earlier. A remand has no term yet: no release decisions, and begin_remand commits it.
void Site::begin_custody(std::uint32_t s, double term_days, double served_days, bool review_now,
                         bool remand) {
  if (people_.status[s] == Status::Supervised && people_.has_index[s] &&
      std::isnan(people_.measure_end_day[s]) && !std::isnan(people_.measure_start_day[s]))
    people_.measure_end_day[s] = now_;  // revoked, or replaced by a prison sentence
  if (people_.status[s] == Status::Supervised || people_.status[s] == Status::Unsupervised)
    leave_community(s);
  else if (people_.officer[s] != kNone)
    unassign(s);
  people_.status[s] = Status::Detained;
  ++people_.status_version[s];
  pause_offence_clock(s);  // no offending in custody
  double term = std::max(1.0, term_days);
  people_.pretrial[s] = false;
  people_.custody_start[s] = now_ - served_days;
  people_.sentence_days[s] = term;
  people_.sentence_end[s] = people_.custody_start[s] + term;
  people_.release_due[s] = std::max(now_, people_.sentence_end[s]);
  people_.supervision_end[s] = kNaN;
  people_.adjustment_end[s] = kNaN;
  people_.adjustment_kind[s] = ReleaseType::None;
  people_.ssj_end[s] = kNaN;
  people_.breaches[s] = 0;
  people_.release_decisions[s] = 0;
  if (people_.assessed[s]) set_next_due(s, now_ + contact_interval(s));
  allocate(s);
  if (remand) return;
  // Committed to another site's prison: the decisions are scheduled there on arrival.
  if (commit_to_prison(s)) return;
  schedule_release_decisions(s, review_now);
}

// A new community sentence (first entry, reconviction): see start_community_sentence.
void Site::start_community_measure(std::uint32_t s, double days) {
  start_community_sentence(s, days);
}

// A measure in the community for `days`: a sursis probatoire or other follow-up (kind None),
// or an aménagement served from the start (DDSE, semi-liberté, placement extérieur), which
// ends with the measure. Someone already supervised has it merged into their measure.
void Site::start_measure(std::uint32_t s, double days, ReleaseType kind) {
  bool already = people_.status[s] == Status::Supervised;
  double end = now_ + std::max(1.0, days);
  if (already) {
    people_.supervision_end[s] = std::max(people_.supervision_end[s], end);
    ++people_.status_version[s];
    if (kind != ReleaseType::None) {
      people_.adjustment_kind[s] = kind;
      people_.adjustment_end[s] = end;
      people_.sentence_end[s] = end;
    }
    if (people_.adjustment_end[s] > now_ && adjustment_ends_first(s))
      schedule(people_.adjustment_end[s], kPriorityPerson,
               AdjustmentEnd{ref(s), people_.status_version[s]});
    schedule(people_.supervision_end[s], kPriorityPerson,
             SupervisionEnd{ref(s), people_.status_version[s]});
    return;
  }
  if (people_.status[s] != Status::Unsupervised) enter_community(s);
  if (people_.officer[s] != kNone) unassign(s);  // a prison officer, after a remand
  people_.status[s] = Status::Supervised;
  ++people_.status_version[s];
  people_.pretrial[s] = false;
  people_.release_due[s] = kNaN;
  people_.supervision_end[s] = end;
  people_.adjustment_kind[s] = kind;
  people_.adjustment_end[s] = kind != ReleaseType::None ? end : kNaN;
  people_.sentence_end[s] = kind != ReleaseType::None ? end : kNaN;
  people_.contacts_due[s] = 0;
  people_.contacts_effective[s] = 0;
  people_.breaches[s] = 0;
  if (people_.assessed[s]) set_next_due(s, now_);
  // An aménagement from the start ends with the measure: no AdjustmentEnd (adjustment_ends_first).
  schedule(end, kPriorityPerson, SupervisionEnd{ref(s), people_.status_version[s]});
  if (!people_.has_index[s] && now_ >= frame_.warmup_days) people_.measure_start_day[s] = now_;
  allocate(s);
  schedule_relocation(s);
  mark_at_risk_start(s, Origin::Community);
}

// A release or a measure start: the person is at risk in the community. The first such
// start inside the observation window is the person's index event.
void Site::mark_at_risk_start(std::uint32_t s, Origin how) {
  double follow_up_days = param(ParamId::run_follow_up_years) * engine::kDaysPerYear;
  if (!people_.has_index[s] && now_ >= frame_.warmup_days) {
    people_.has_index[s] = true;
    people_.origin[s] = how;
    people_.index_day[s] = now_;
    people_.age_at_index[s] =
        float(people_.age_at_entry[s] + (now_ - people_.entry_day[s]) / engine::kDaysPerYear);
    people_.followed_until[s] = now_ + follow_up_days;
    start_outcome_checks(s);  // recorded 6 and 12 months on (site_outcomes.cpp)
    schedule(people_.followed_until[s], kPriorityPerson, FollowUpEnd{ref(s)});
  } else if (std::isnan(people_.followed_until[s])) {
    people_.followed_until[s] = now_ + follow_up_days;
    schedule(people_.followed_until[s], kPriorityPerson, FollowUpEnd{ref(s)});
  }
  start_episode(s);
}

}  // namespace spipsim::model
