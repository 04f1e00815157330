// Monthly records (stocks at the month's end, flows during it, costs) and the final person
// records. Costs use end-of-month stocks times the month's length.
#include <cmath>

#include "sim/model/site.hpp"

namespace spipsim::model {

using params::ParamId;

void Site::on(const MonthTick&) {
  if (current_month_ >= 0 && !months_closed_) {
    MonthlySiteRecord& m = monthly_.back();
    const double days = engine::kDaysPerMonth;
    int em = 0, semi = 0;
    for (std::uint32_t s = 0; s < people_.slots(); ++s) {
      switch (people_.status[s]) {
        case Status::Detained:
          ++m.detained;
          break;
        case Status::Supervised:
          ++m.supervised;
          m.employed += people_.employed[s];
          m.housed += people_.housed[s];
          if (people_.adjustment_end[s] > now_) {
            if (people_.adjustment_kind[s] == ReleaseType::ElectronicMonitoring ||
                people_.adjustment_kind[s] == ReleaseType::LiberationConditionnelle)
              ++em;
            else
              ++semi;
          }
          break;
        case Status::Unsupervised:
          ++m.unsupervised_followup;
          break;
        case Status::Free:
          break;
      }
    }
    m.prison_days = m.detained * days;
    m.electronic_monitoring_days = em * days;
    m.semi_liberte_days = semi * days;
    m.community_days = (m.supervised - em - semi) * days;
    m.unallocated = std::int32_t(unallocated_.size());
    int active = 0, trained = 0;
    std::vector<std::uint16_t> caseloads;
    for (const Officer& o : officers_) {
      if (!o.active) continue;
      ++active;
      trained += o.trained;
      if (!o.closed)
        caseloads.push_back(std::uint16_t(std::min<std::size_t>(o.caseload.size(), 65535)));
    }
    m.officers = active;
    m.officer_years = active / 12.0;
    for (int k = 0; k < kPartnerTypes; ++k)
      m.partner_queue[k] = std::int32_t(partners_[k].waiting());
    m.cost_officers_eur = m.officer_years * param(ParamId::staffing_officer_cost_eur_per_year);
    m.cost_prison_eur = m.prison_days * param(ParamId::costs_detention_eur_per_day);
    m.cost_community_eur = m.community_days * param(ParamId::costs_milieu_ouvert_eur_per_day);
    m.cost_electronic_monitoring_eur =
        m.electronic_monitoring_days * param(ParamId::costs_electronic_monitoring_eur_per_day);
    m.cost_semi_liberte_eur = m.semi_liberte_days * param(ParamId::costs_semi_liberte_eur_per_day);
    bool digital =
        param(ParamId::digital_admin_time_saved) > 0 || param(ParamId::digital_remote_share) > 0 ||
        params_.flag(ParamId::digital_reminders) || params_.flag(ParamId::digital_data_sharing);
    if (digital)
      m.cost_digital_eur = m.officer_years * param(ParamId::digital_cost_eur_per_officer_year);
    m.cost_training_eur = trained / 12.0 * param(ParamId::training_cost_eur_per_officer_year);
    caseloads_.push_back(std::move(caseloads));
  }
  if (current_month_ + 1 < frame_.months) {
    ++current_month_;
    MonthlySiteRecord next;
    next.month = current_month_;
    next.site = index_;
    monthly_.push_back(next);
  } else {
    months_closed_ = true;
  }
}

PersonRecord Site::make_record(std::uint32_t s) const {
  PersonRecord r;
  const double origin_day = frame_.warmup_days;
  r.id = people_.id[s];
  r.site = index_;
  r.sex = people_.sex[s];
  r.risk_tier = people_.tier[s];
  r.origin = people_.origin[s];
  r.release_type = people_.release_type[s];
  r.prior_convictions = people_.priors[s];
  r.age_at_entry = people_.age_at_entry[s];
  r.age_at_index = people_.age_at_index[s];
  r.entry_day = people_.entry_day[s] - origin_day;
  r.index_day = people_.index_day[s] - origin_day;
  r.measure_start_day = people_.measure_start_day[s] - origin_day;
  r.measure_end_day = people_.measure_end_day[s] - origin_day;
  double index = people_.index_day[s];
  double censor = std::min(now_, people_.followed_until[s]) - index;
  r.reconvicted = !std::isnan(people_.reconviction_day[s]);
  r.days_to_reconviction = r.reconvicted ? people_.reconviction_day[s] - index : censor;
  r.reimprisoned = !std::isnan(people_.reimprisonment_day[s]);
  r.days_to_reimprisonment = r.reimprisoned ? people_.reimprisonment_day[s] - index : censor;
  r.employed_6m = people_.employed_6m[s];
  r.housed_6m = people_.housed_6m[s];
  r.employed_12m = people_.employed_12m[s];
  r.housed_12m = people_.housed_12m[s];
  r.reintegrated_12m = people_.reintegrated_12m[s];
  r.needs_at_entry = people_.needs_at_entry[s];
  r.custody_days = people_.custody_days[s];
  return r;
}

void Site::emit_record(std::uint32_t s) {
  records_.push_back(make_record(s));
}

void Site::finish(std::vector<PersonRecord>& persons, std::vector<MonthlySiteRecord>& monthly,
                  std::vector<std::vector<std::uint16_t>>& caseloads_by_month) {
  now_ = frame_.end_day;
  if (!months_closed_) record_workforce();  // the last boundary's step did not run
  if (!months_closed_) on(MonthTick{});
  // People still travelling between sites are still followed: their records come from here.
  for (std::size_t k = 0; k < inbox_.size(); ++k) {
    if (inbox_done_[k]) continue;
    std::uint32_t s = people_.allocate();
    restore_snapshot(people_, s, inbox_[k]);
    people_.status[s] = Status::Supervised;
  }
  for (std::uint32_t s = 0; s < people_.slots(); ++s)
    if (people_.status[s] != Status::Free && people_.has_index[s]) emit_record(s);
  std::sort(records_.begin(), records_.end(),
            [](const PersonRecord& a, const PersonRecord& b) { return a.id < b.id; });
  persons.insert(persons.end(), records_.begin(), records_.end());
  monthly.insert(monthly.end(), monthly_.begin(), monthly_.end());
  if (caseloads_by_month.size() < caseloads_.size()) caseloads_by_month.resize(caseloads_.size());
  for (std::size_t k = 0; k < caseloads_.size(); ++k)
    caseloads_by_month[k].insert(caseloads_by_month[k].end(), caseloads_[k].begin(),
                                 caseloads_[k].end());
}

}  // namespace spipsim::model
