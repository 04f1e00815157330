// The territory's labour and housing markets. Vacancies open to people with a record arrive
// at a rate set by the local economy (more where unemployment is low); each goes to one
// searcher drawn at random, who is hired with a chance set by employer openness, skills and
// intermediation. Dwellings arrive the same way. Jobs and housing are lost at a hazard.
// Competition is real: more searchers share the same vacancies, and searchers of the
// neighbouring départements take a share of them (site_commuting.cpp). Reserved insertion jobs
// (IAE) and quota dwellings are kept for people under justice supervision.
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

// Vacancies open to people with a record arriving in this territory per day (before the
// share that goes to searchers across its borders, site_commuting.cpp).
double Site::vacancies_per_day() {
  const auto& t = world_.territory(index_);
  const double reference = param(ParamId::labour_reference_unemployment);
  const double elasticity = param(ParamId::labour_unemployment_elasticity);
  if (!(reference == economy_inputs_[0] && elasticity == economy_inputs_[1])) {
    economy_inputs_[0] = reference;  // pow once per value of its inputs, not per vacancy
    economy_inputs_[1] = elasticity;
    economy_ = std::pow(reference / t.unemployment_rate, elasticity);
  }
  return param(ParamId::labour_vacancies_per_1000_per_year) * t.population / 1000.0 *
         param(ParamId::world_population_scale) * economy_ / engine::kDaysPerYear;
}

void Site::schedule_vacancy() {
  double per_day = vacancies_per_day();
  if (per_day <= 0) return;
  auto rng = site_stream(kPurposeSite, site_draws_);
  double at = now_ + engine::exponential(rng, per_day);
  if (at < frame_.end_day) schedule(at, kPriorityPerson, VacancyArrival{});
}

void Site::on(const VacancyArrival&) {
  schedule_vacancy();
  if (job_seekers_.empty()) return;
  auto rng = site_stream(kPurposeSite, site_draws_);
  // The share of vacancies taken by searchers across the borders (site_commuting.cpp).
  if (local_offer_share_[0] < 1 && rng.uniform() >= local_offer_share_[0]) return;
  std::uint32_t s = job_seekers_.pick(rng.uniform());
  if (rng.uniform() < hiring_chance(s)) hire(s, false);
}

// The chance that an employer hires this searcher: openness, skills, intermediation.
double Site::hiring_chance(std::uint32_t s) const {
  double p = param(ParamId::labour_employer_openness);
  if (people_.needs[s] & kNeedSkills) p *= param(ParamId::labour_skills_factor);
  if (people_.intermediated[s]) p *= param(ParamId::labour_intermediation_factor);
  return p;
}

void Site::hire(std::uint32_t s, bool reserved) {
  job_seekers_.remove(s, people_.job_pool_pos);
  // The first job from the index event on (a job before it is replaced by a later one).
  if (!people_.has_index[s] || std::isnan(people_.first_job_day[s]))
    people_.first_job_day[s] = now_;
  people_.employed[s] = true;
  people_.reserved_job[s] = reserved;
  people_.needs[s] &= std::uint8_t(~kNeedEmployment);
  auto rng = person_stream(s);
  double at;
  if (reserved) {
    --reserved_jobs_free_;
    month_record().cost_insertion_eur += param(ParamId::insertion_reserved_job_cost_eur);
    at = now_ + param(ParamId::insertion_reserved_job_months) * engine::kDaysPerMonth;
  } else {
    double rate = param(ParamId::labour_job_loss_per_year) / engine::kDaysPerYear;
    at = rate > 0 ? now_ + engine::exponential(rng, rate) : kNaN;
  }
  if (!std::isnan(at)) schedule(at, kPriorityPerson, JobEnd{ref(s), ++people_.job_version[s]});
  refresh_hazard(s);
}

// A reserved insertion job promised in prison: held from now, it starts on the release day.
void Site::arrange_job(std::uint32_t s) {
  --reserved_jobs_free_;
  people_.job_arranged[s] = true;
}

// At release (enter_community): the job held since the arrangement starts today.
void Site::start_arranged_job(std::uint32_t s) {
  people_.job_arranged[s] = false;
  ++reserved_jobs_free_;  // hire() takes the held place
  // Released before the index is set (mark_at_risk_start): this release is the index one.
  if (!people_.has_index[s] && now_ >= frame_.warmup_days) people_.job_at_release[s] = true;
  hire(s, true);
}

// The person leaves custody without entering the community here (departure, follow-up over):
// the held job goes back to the pool.
void Site::cancel_arranged_job(std::uint32_t s) {
  if (!people_.job_arranged[s]) return;
  people_.job_arranged[s] = false;
  ++reserved_jobs_free_;
}

void Site::lose_job(std::uint32_t s) {
  if (people_.reserved_job[s]) ++reserved_jobs_free_;
  people_.employed[s] = false;
  people_.reserved_job[s] = false;
  people_.needs[s] |= kNeedEmployment;
  ++people_.job_version[s];
}

void Site::on(const JobEnd& e) {
  if (!valid(e.who) || people_.job_version[e.who.slot] != e.version ||
      !people_.employed[e.who.slot])
    return;
  std::uint32_t s = e.who.slot;
  lose_job(s);
  job_seekers_.add(s, people_.job_pool_pos);
  refresh_hazard(s);
}

double Site::housing_offers_per_day(bool quota) const {
  const auto& t = world_.territory(index_);
  double per_year = quota
                        ? param(ParamId::insertion_housing_quota_per_100k) * t.population / 1e5
                        : param(ParamId::housing_offers_per_1000_per_year) * t.population / 1000.0;
  return per_year * param(ParamId::world_population_scale) / engine::kDaysPerYear;
}

void Site::schedule_housing_offer(bool quota) {
  double per_day = housing_offers_per_day(quota);
  if (quota) quota_chain_running_ = per_day > 0;
  if (per_day <= 0) return;
  auto rng = site_stream(kPurposeSite, site_draws_);
  double at = now_ + engine::exponential(rng, per_day);
  if (at < frame_.end_day)
    schedule(at, kPriorityPerson, HousingOffer{quota});
  else if (quota)
    quota_chain_running_ = false;
}

namespace {
// Draws for a quota dwelling before it is handed back to the general allocation when no
// supervised searcher turns up: with a supervised share q among searchers it stays unlet
// with chance (1 - q)^32, negligible unless almost nobody searching is supervised.
constexpr int kQuotaDraws = 32;
}  // namespace

void Site::on(const HousingOffer& e) {
  schedule_housing_offer(e.quota);
  if (housing_seekers_.empty()) return;
  auto rng = site_stream(kPurposeSite, site_draws_);
  if (e.quota) {
    // Quota dwellings are reserved for people under supervision, with no landlord
    // screening: a searcher drawn at random among the supervised ones.
    for (int k = 0; k < kQuotaDraws; ++k) {
      std::uint32_t s = housing_seekers_.pick(rng.uniform());
      if (people_.status[s] == Status::Supervised) {
        house(s);
        ++month_record().quota_dwellings_let;
        return;
      }
    }
    return;
  }
  // Quota dwellings stay here; open-market ones go across the borders in a share.
  if (local_offer_share_[1] < 1 && rng.uniform() >= local_offer_share_[1]) return;
  std::uint32_t s = housing_seekers_.pick(rng.uniform());
  if (rng.uniform() < param(ParamId::housing_landlord_openness)) house(s);
}

void Site::house(std::uint32_t s) {
  housing_seekers_.remove(s, people_.housing_pool_pos);
  people_.housed[s] = true;
  people_.needs[s] &= std::uint8_t(~kNeedHousing);
  if (people_.status[s] == Status::Detained) return;  // a dwelling waits for the release
  auto rng = person_stream(s);
  double rate = param(ParamId::housing_loss_per_year) / engine::kDaysPerYear;
  if (rate > 0)
    schedule(now_ + engine::exponential(rng, rate), kPriorityPerson,
             HousingLoss{ref(s), ++people_.housing_version[s]});
  refresh_hazard(s);
}

void Site::on(const HousingLoss& e) {
  if (!valid(e.who) || people_.housing_version[e.who.slot] != e.version ||
      !people_.housed[e.who.slot])
    return;
  std::uint32_t s = e.who.slot;
  if (people_.status[s] == Status::Detained) return;
  people_.housed[s] = false;
  people_.needs[s] |= kNeedHousing;
  housing_seekers_.add(s, people_.housing_pool_pos);
  refresh_hazard(s);
}

}  // namespace spipsim::model
