// Monthly records (stocks at the month's end, flows during it, the days actually spent in
// each legal status and what they cost) and the final person records.
#include <cmath>

#include "sim/model/site.hpp"

namespace spipsim::model {

using params::ParamId;

// What the person's day costs now, from their legal status.
CostStatus Site::cost_status_now(std::uint32_t s) const {
  switch (people_.status[s]) {
    case Status::Detained:
      return people_.pretrial[s] ? CostStatus::Pretrial : CostStatus::Prison;
    case Status::Supervised:
      if (people_.tig[s] == kTigServing) return CostStatus::Tig;
      switch (people_.adjustment_kind[s]) {
        case ReleaseType::ElectronicMonitoring:
          return CostStatus::ElectronicMonitoring;
        case ReleaseType::SemiLiberte:
          return CostStatus::SemiLiberte;
        case ReleaseType::PlacementExterieur:
          return CostStatus::PlacementExterieur;
        case ReleaseType::LiberationConditionnelle:
          return CostStatus::ConditionalRelease;
        default:
          return CostStatus::Community;
      }
    default:
      return CostStatus::None;
  }
}

// Each person is counted in one cost status and one stock class, and the byte in their row
// says which. Site::handle calls sync_counts after every person event; handlers that change
// someone else's status call it themselves (so does a revocation in the weekly plan,
// record_breach); hire, lose_job and house (employment and housing change no cost status)
// call sync_stock_class.
// A checking run compares the counts with every row after each event (site_stocks.cpp).
void Site::sync_counts(std::uint32_t s) {
  sync_cost_status(s);
  sync_stock_class(s);
}

// Before the slot is released (the person leaves, or goes to another site): the outcome checks
// taken by now are recorded, the later ones are dropped here (an arrival restarts them).
void Site::uncount(std::uint32_t s) {
  record_outcome_checks(s);
  people_.outcome_checks_due[s] = 0;
  people_.outcome_state[s] = 0;
  integrate_cost_days();
  --cost_count_[people_.cost_status[s]];
  ++cost_count_[0];
  people_.cost_status[s] = std::uint8_t(CostStatus::None);
  --stock_count_[people_.stock_class[s]];
  ++stock_count_[kStockNone];
  people_.stock_class[s] = kStockNone;
}

// A row restored from another site's snapshot carries that site's counted values: it is not
// counted here until its first sync.
void Site::mark_uncounted(std::uint32_t s) {
  people_.cost_status[s] = std::uint8_t(CostStatus::None);
  people_.stock_class[s] = kStockNone;
}

// Person-days of each status accumulate as (people in the status) x (time since the last
// change): exact, and O(1) per change.
void Site::integrate_cost_days() {
  double elapsed = now_ - cost_clock_;
  if (elapsed > 0)
    for (int k = 1; k < kCostStatuses; ++k) cost_days_[k] += double(cost_count_[k]) * elapsed;
  cost_clock_ = now_;
}

void Site::sync_cost_status(std::uint32_t s) {
  auto now = std::uint8_t(cost_status_now(s));
  std::uint8_t& counted = people_.cost_status[s];
  if (now == counted) return;
  integrate_cost_days();
  --cost_count_[counted];
  ++cost_count_[now];
  counted = now;
}

void Site::on(const MonthTick&) {
  integrate_cost_days();
  if (current_month_ >= 0 && !months_closed_) {
    if (frame_.check_stocks) check_stocks();
    MonthlySiteRecord& m = monthly_.back();
    write_stocks(m);
    auto days = [this](CostStatus k) { return cost_days_[std::size_t(k)]; };
    m.pretrial_days = days(CostStatus::Pretrial);
    m.prison_days = days(CostStatus::Prison) + m.pretrial_days;
    m.electronic_monitoring_days = days(CostStatus::ElectronicMonitoring);
    m.semi_liberte_days = days(CostStatus::SemiLiberte);
    m.placement_exterieur_days = days(CostStatus::PlacementExterieur);
    m.conditional_release_days = days(CostStatus::ConditionalRelease);
    m.tig_days = days(CostStatus::Tig);
    m.community_days = days(CostStatus::Community);
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
    m.cost_placement_exterieur_eur =
        m.placement_exterieur_days * param(ParamId::costs_placement_exterieur_eur_per_day);
    m.cost_conditional_release_eur =
        m.conditional_release_days * param(ParamId::costs_conditional_release_eur_per_day);
    m.cost_tig_eur = m.tig_days * param(ParamId::costs_tig_eur_per_day);
    bool digital =
        param(ParamId::digital_admin_time_saved) > 0 || param(ParamId::digital_remote_share) > 0 ||
        params_.flag(ParamId::digital_reminders) || params_.flag(ParamId::digital_data_sharing);
    if (digital)
      m.cost_digital_eur = m.officer_years * param(ParamId::digital_cost_eur_per_officer_year);
    m.cost_training_eur = trained / 12.0 * param(ParamId::training_cost_eur_per_officer_year);
    caseloads_.push_back(std::move(caseloads));
  }
  for (double& d : cost_days_) d = 0;  // the warm-up's days are dropped too
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
  r.sentence_days = people_.index_sentence_days[s];
  double first_job = people_.first_job_day[s];
  r.days_to_job = first_job >= index ? first_job - index : kNaN;
  r.job_at_release = people_.job_at_release[s];
  return r;
}

void Site::emit_record(std::uint32_t s) {
  records_.push_back(make_record(s));
}

void Site::finish(std::vector<PersonRecord>& persons, std::vector<MonthlySiteRecord>& monthly,
                  std::vector<std::vector<std::uint16_t>>& caseloads_by_month) {
  now_ = frame_.end_day;
  priority_ = kPriorityPolicy;  // no event at end_day is handled: checks strictly before it
  for (std::uint32_t s = 0; s < people_.slots(); ++s)
    if (people_.status[s] != Status::Free) record_outcome_checks(s);
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
  // The site is done: its rows, events and records go now rather than when the replicate
  // returns, so the replicate's output never coexists with every site's state (peak memory).
  std::vector<PersonRecord>().swap(records_);
  std::vector<MonthlySiteRecord>().swap(monthly_);
  std::vector<std::vector<std::uint16_t>>().swap(caseloads_);
  people_.free_memory();
  queue_ = Queue(kFarBucketDays);
  std::vector<PersonSnapshot>().swap(inbox_);
}

}  // namespace spipsim::model
