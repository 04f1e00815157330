// The territory's labour and housing markets. Vacancies open to people with a record arrive
// at a rate set by the local economy (more where unemployment is low); each goes to one
// searcher drawn at random, who is hired with a chance set by employer openness, skills and
// intermediation. Dwellings arrive the same way. Jobs and housing are lost at a hazard.
// Competition is real: more searchers share the same vacancies, and searchers of the
// neighbouring départements take a share of them (site_commuting.cpp). Reserved insertion jobs
// (IAE) and quota dwellings are kept for people under justice supervision.
//
// Vacancies and open-market dwellings are drawn once a month (month_offers.hpp): only the
// offers that can be taken get an event, on their own day (the share kept here and the
// acceptance chance thin the stream; an event then accepts with the rest of the chance). The
// rates, local shares and acceptance ceiling are those of the market month: a lever that
// changes them mid-month acts from the next month.
#include <algorithm>
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/month_offers.hpp"
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

// The month's vacancies and open-market dwellings, at the market month (site_commuting.cpp),
// after its local shares are set. Offers that go across the borders, or that no searcher
// would take (the acceptance chance's ceiling), are thinned out here without an event.
void Site::draw_month_offers() {
  const double start = now_;
  const double days = std::min(engine::kDaysPerMonth, frame_.end_day - start);
  const std::uint64_t month = market_months_++;
  if (days <= 0) return;
  auto stream = [&](std::uint64_t market) {
    return engine::RandomStream(frame_.seed, frame_.replicate, kPurposeMarketMonth,
                                month << 17 | market << 16 | index_);
  };
  const auto in_run = [&](const MonthOffer& o) { return o.day < frame_.end_day; };
  hiring_ceiling_ = hiring_ceiling();
  auto jobs = stream(0);
  draw_offers(jobs, start, days,
              vacancies_per_day() * local_offer_share_[0] * hiring_ceiling_ * days,
              [&](const MonthOffer& o) {
                if (in_run(o)) schedule(o.day, kPriorityPerson, VacancyArrival{o.pick, o.accept});
              });
  auto homes = stream(1);
  draw_offers(homes, start, days,
              housing_offers_per_day(false) * local_offer_share_[1] *
                  param(ParamId::housing_landlord_openness) * days,
              [&](const MonthOffer& o) {
                if (in_run(o)) schedule(o.day, kPriorityPerson, HousingOffer{false, o.pick});
              });
}

// A vacancy kept at the market month reaches a searcher drawn today, who is hired with
// chance hiring_chance / ceiling (the ceiling was already drawn at the month).
void Site::on(const VacancyArrival& e) {
  if (job_seekers_.empty()) return;
  std::uint32_t s = job_seekers_.pick(unit_interval(e.pick));
  if (unit_interval(e.accept) * hiring_ceiling_ < hiring_chance(s)) hire(s, false);
}

// The highest hiring chance any searcher can have: the thinning of the month's vacancies.
double Site::hiring_ceiling() const {
  double p = param(ParamId::labour_employer_openness) *
             std::max(1.0, param(ParamId::labour_skills_factor)) *
             std::max(1.0, param(ParamId::labour_intermediation_factor));
  return std::min(1.0, p);
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
  sync_stock_class(s);
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
  sync_stock_class(s);
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

// Quota dwellings arrive one by one (their chain starts with the policy, site_policy.cpp).
void Site::schedule_quota_dwelling() {
  double per_day = housing_offers_per_day(true);
  quota_chain_running_ = per_day > 0;
  if (per_day <= 0) return;
  auto rng = site_stream(kPurposeSite, site_draws_);
  double at = now_ + engine::exponential(rng, per_day);
  if (at < frame_.end_day)
    schedule(at, kPriorityPerson, HousingOffer{true, 0});
  else
    quota_chain_running_ = false;
}

namespace {
// Draws for a quota dwelling before it is handed back to the general allocation when no
// supervised searcher turns up: with a supervised share q among searchers it stays unlet
// with chance (1 - q)^32, negligible unless almost nobody searching is supervised.
constexpr int kQuotaDraws = 32;
}  // namespace

void Site::on(const HousingOffer& e) {
  if (!e.quota) {
    // An open-market dwelling kept at the market month: the landlord already said yes.
    if (!housing_seekers_.empty()) house(housing_seekers_.pick(unit_interval(e.pick)));
    return;
  }
  schedule_quota_dwelling();
  if (housing_seekers_.empty()) return;
  // Quota dwellings are reserved for people under supervision, with no landlord
  // screening: a searcher drawn at random among the supervised ones.
  auto rng = site_stream(kPurposeSite, site_draws_);
  for (int k = 0; k < kQuotaDraws; ++k) {
    std::uint32_t s = housing_seekers_.pick(rng.uniform());
    if (people_.status[s] == Status::Supervised) {
      house(s);
      ++month_record().quota_dwellings_let;
      return;
    }
  }
}

void Site::house(std::uint32_t s) {
  housing_seekers_.remove(s, people_.housing_pool_pos);
  people_.housed[s] = true;
  people_.needs[s] &= std::uint8_t(~kNeedHousing);
  sync_stock_class(s);
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
  sync_stock_class(s);
  housing_seekers_.add(s, people_.housing_pool_pos);
  refresh_hazard(s);
}

}  // namespace spipsim::model
