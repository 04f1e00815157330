#include "sim/experiment/outcomes/monthly_series.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <utility>

#include "sim/experiment/outcomes/caseload_moments.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Record = model::MonthlySiteRecord;

// A series that is a sum over sites of one record field (or a ratio of two such sums).
struct Field {
  std::string name, unit, description;
  std::function<double(const Record&)> numerator;
  std::function<double(const Record&)> denominator;  // empty: a plain sum
  bool per_site;                                     // also in the per-site table
};

std::vector<Field> fields() {
  std::vector<Field> f;
  auto sum = [&](std::string name, std::string unit, std::string description,
                 std::function<double(const Record&)> get, bool per_site) {
    f.push_back(
        {std::move(name), std::move(unit), std::move(description), std::move(get), {}, per_site});
  };
  sum(
      "officers", "officers", "probation officers (CPIP) in post",
      [](const Record& r) { return r.officers; }, true);
  sum(
      "detained", "people", "people in prison at the end of the month",
      [](const Record& r) { return r.detained; }, true);
  sum(
      "supervised", "people", "people under community supervision at the end of the month",
      [](const Record& r) { return r.supervised; }, true);
  sum(
      "unsupervised_followup", "people", "people followed up after their measure ended",
      [](const Record& r) { return r.unsupervised_followup; }, false);
  sum(
      "entries_prison", "people/month", "new prison sentences",
      [](const Record& r) { return r.entries_prison; }, false);
  sum(
      "entries_community", "people/month", "new community measures",
      [](const Record& r) { return r.entries_community; }, false);
  sum(
      "entries", "people/month", "new prison sentences and community measures",
      [](const Record& r) { return r.entries_prison + r.entries_community; }, true);
  sum(
      "releases", "people/month", "releases from prison",
      [](const Record& r) { return r.releases; }, true);
  sum(
      "releases_supervised", "people/month", "releases under a sentence adjustment",
      [](const Record& r) { return r.releases_supervised; }, true);
  sum(
      "reconvictions", "people/month", "new convictions",
      [](const Record& r) { return r.reconvictions; }, true);
  sum(
      "revocations", "people/month", "measures revoked",
      [](const Record& r) { return r.revocations; }, true);
  sum(
      "technical_violations", "people/month", "technical violations recorded",
      [](const Record& r) { return r.technical_violations; }, false);
  sum(
      "contacts_due", "contacts/month", "contacts due under the contact policy",
      [](const Record& r) { return r.contacts_due; }, true);
  sum(
      "contacts_delivered", "contacts/month", "contacts held",
      [](const Record& r) { return r.contacts_delivered; }, true);
  sum(
      "contacts_missed", "contacts/month", "appointments the person missed",
      [](const Record& r) { return r.contacts_missed; }, false);
  sum(
      "assessments", "assessments/month", "assessments completed",
      [](const Record& r) { return r.assessments; }, false);
  f.push_back({"assessment_wait_days", "days", "mean wait from entry to assessment",
               [](const Record& r) { return r.assessment_wait_days_sum; },
               [](const Record& r) { return r.assessments; }, true});
  // Workforce (model/site_workforce.cpp): funded posts against officers in post.
  sum(
      "posts_funded", "posts", "funded probation officer posts at the end of the month",
      [](const Record& r) { return r.posts_funded; }, true);
  sum(
      "officers_in_post", "officers",
      "officers in post at the end of the month, newcomers in their ramp-up included",
      [](const Record& r) { return r.officers_in_post; }, true);
  sum(
      "officers_in_training", "officers",
      "recruits for funded posts not yet in post (recruitment and initial training at ENAP)",
      [](const Record& r) { return r.officers_in_training; }, true);
  f.push_back({"vacancy_rate", "share", "funded posts without an officer in post",
               [](const Record& r) { return r.posts_funded - r.officers_in_post; },
               [](const Record& r) { return r.posts_funded; }, true});
  sum(
      "officers_quit", "officers/month", "officers who left their post",
      [](const Record& r) { return r.officers_quit; }, true);
  sum(
      "officers_arrived", "officers/month", "recruits who took up their post",
      [](const Record& r) { return r.officers_arrived; }, true);
  sum(
      "releases_sent_home", "people/month",
      "supervised releases whose follow-up moved to the SPIP of their home département",
      [](const Record& r) { return r.releases_sent_home; }, true);
  sum(
      "unallocated", "people", "people waiting for an officer (caseload caps)",
      [](const Record& r) { return r.unallocated; }, false);
  for (int t = 0; t < model::kPartnerTypes; ++t) {
    std::string key(partner_key(static_cast<model::PartnerType>(t)));
    sum(
        "partner_queue_" + key, "people", "people waiting for a " + key + " partner",
        [t](const Record& r) { return r.partner_queue[t]; }, false);
  }
  sum(
      "employed", "people", "supervised people in work", [](const Record& r) { return r.employed; },
      true);
  sum(
      "housed", "people", "supervised people in stable housing",
      [](const Record& r) { return r.housed; }, true);
  sum(
      "hours_contacts", "hours/month", "officer hours on contacts (the road to them not counted)",
      [](const Record& r) { return r.hours_contacts; }, true);
  sum(
      "hours_travel", "hours/month",
      "officer hours on the road to in-person contacts in the community (travel.*)",
      [](const Record& r) { return r.hours_travel; }, true);
  sum(
      "cross_border_jobs", "people/month",
      "jobs found in a neighbouring département (Commuting edges)",
      [](const Record& r) { return r.cross_border_jobs; }, true);
  sum(
      "cross_border_dwellings", "people/month",
      "dwellings found in a neighbouring département (HousingSearch edges)",
      [](const Record& r) { return r.cross_border_dwellings; }, true);
  sum(
      "hours_assessment", "hours/month", "officer hours on assessments",
      [](const Record& r) { return r.hours_assessment; }, false);
  sum(
      "hours_admin", "hours/month", "officer hours on administration",
      [](const Record& r) { return r.hours_admin; }, false);
  sum(
      "hours_reports", "hours/month", "officer hours on court reports",
      [](const Record& r) { return r.hours_reports; }, false);
  return f;
}

// The fields of the per-site table: the sums marked per_site, then cases per officer.
std::vector<Field> site_fields() {
  std::vector<Field> keep;
  for (Field& f : fields())
    if (f.per_site) keep.push_back(std::move(f));
  keep.push_back({"cases_per_officer", "cases/officer",
                  "people supervised in the community per community officer (prison officers "
                  "not counted; newcomers in ramp-up count by their capacity) at the end of the "
                  "month",
                  [](const Record& r) { return r.supervised; },
                  [](const Record& r) { return r.officers_community; }, true});
  return keep;
}

constexpr std::pair<const char*, const char*> kCaseload[] = {{"caseload_mean", "mean"},
                                                             {"caseload_p50", "median"},
                                                             {"caseload_p90", "90th percentile"},
                                                             {"caseload_max", "maximum"}};

}  // namespace

const Series* MonthlySeries::find(std::string_view name) const {
  for (const Series& s : series)
    if (s.name == name) return &s;
  return nullptr;
}

MonthlyPart monthly_part(const model::ReplicateOutput& out) {
  MonthlyPart part;
  part.months = out.months;
  for (const model::SiteInfo& site : out.sites) part.site_codes.push_back(site.code);
  const std::size_t months = static_cast<std::size_t>(std::max(out.months, 0));
  // National: each month's sums over sites, then one value per column and month.
  const std::vector<Field> all = fields();
  const std::size_t columns = all.size() + std::size(kCaseload);
  std::vector<double> numerator(all.size() * months, 0.0), denominator(all.size() * months, 0.0);
  for (const Record& r : out.monthly) {
    if (r.month < 0 || static_cast<std::size_t>(r.month) >= months) continue;
    for (std::size_t i = 0; i < all.size(); ++i) {
      std::size_t cell = i * months + static_cast<std::size_t>(r.month);
      numerator[cell] += all[i].numerator(r);
      if (all[i].denominator) denominator[cell] += all[i].denominator(r);
    }
  }
  part.national.assign(columns * months, kNaN);
  for (std::size_t m = 0; m < months; ++m) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      std::size_t cell = i * months + m;
      part.national[cell] = all[i].denominator ? (denominator[cell] > 0
                                                      ? numerator[cell] / denominator[cell]
                                                      : kNaN)
                                               : numerator[cell];
    }
    if (m < out.officer_caseloads_by_month.size()) {
      CaseloadMoments c = caseload_moments(out.officer_caseloads_by_month[m]);
      double values[] = {c.mean, c.p50, c.p90, c.max};
      for (std::size_t k = 0; k < 4; ++k) part.national[(all.size() + k) * months + m] = values[k];
    }
  }
  // Per site: every record's values, in record order.
  const std::size_t sites = out.sites.size();
  const std::vector<Field> keep = site_fields();
  for (const Record& r : out.monthly) {
    if (r.month < 0 || static_cast<std::size_t>(r.month) >= months || r.site >= sites) continue;
    part.site_rows.push_back(static_cast<std::size_t>(r.month) * sites + r.site);
    for (const Field& field : keep) {
      double value = field.numerator(r);
      if (field.denominator) {
        double d = field.denominator(r);
        value = d > 0 ? value / d : kNaN;
      }
      part.site_values.push_back(value);
    }
  }
  return part;
}

void MonthlySeriesFold::add(const MonthlyPart& part) {
  if (replicates_ == 0) {
    months_ = static_cast<std::size_t>(std::max(part.months, 0));
    site_codes_ = part.site_codes;
    national_sum_.assign(part.national.size(), 0.0);
    national_count_.assign(part.national.size(), 0.0);
    const std::size_t site_cells = site_fields().size() * months_ * site_codes_.size();
    site_sum_.assign(site_cells, 0.0);
    site_count_.assign(site_cells, 0.0);
  } else if (static_cast<std::size_t>(std::max(part.months, 0)) != months_ ||
             part.site_codes != site_codes_) {
    throw std::invalid_argument(
        "monthly series: a replicate has other months or sites than the first one");
  }
  ++replicates_;
  auto add = [](std::vector<double>& sum, std::vector<double>& count, std::size_t cell,
                double value) {
    if (std::isnan(value)) return;  // undefined in this replicate: left out of the mean
    sum[cell] += value;
    count[cell] += 1.0;
  };
  for (std::size_t cell = 0; cell < part.national.size(); ++cell)
    add(national_sum_, national_count_, cell, part.national[cell]);
  const std::size_t rows = months_ * site_codes_.size();
  const std::size_t keep = part.site_rows.empty() ? 0 : part.site_values.size() / part.site_rows.size();
  for (std::size_t k = 0; k < part.site_rows.size(); ++k)
    for (std::size_t i = 0; i < keep; ++i)
      add(site_sum_, site_count_, i * rows + part.site_rows[k], part.site_values[k * keep + i]);
}

MonthlySeries MonthlySeriesFold::national() const {
  const std::vector<Field> all = fields();
  const std::size_t columns = all.size() + std::size(kCaseload);
  MonthlySeries result;
  for (std::size_t m = 0; m < months_; ++m) result.month.push_back(static_cast<std::int64_t>(m));
  for (std::size_t i = 0; i < columns; ++i) {
    Series s;
    if (i < all.size()) {
      s = Series{all[i].name, all[i].unit, all[i].description, {}};
    } else {
      auto [name, statistic] = kCaseload[i - all.size()];
      s = Series{name,
                 "cases/officer",
                 std::string(statistic) +
                     " over community officers of the caseload at the end "
                     "of the month",
                 {}};
    }
    for (std::size_t m = 0; m < months_; ++m)
      s.values.push_back(mean_of(national_sum_, national_count_, i * months_ + m));
    result.series.push_back(std::move(s));
  }
  return result;
}

MonthlySeries MonthlySeriesFold::sites() const {
  MonthlySeries result;
  if (replicates_ == 0) return result;
  const std::size_t sites = site_codes_.size(), rows = months_ * sites;
  for (std::size_t m = 0; m < months_; ++m)
    for (std::size_t s = 0; s < sites; ++s) {
      result.month.push_back(static_cast<std::int64_t>(m));
      result.site.push_back(site_codes_[s]);
    }
  const std::vector<Field> keep = site_fields();
  for (std::size_t i = 0; i < keep.size(); ++i) {
    Series s{keep[i].name, keep[i].unit, keep[i].description, {}};
    for (std::size_t row = 0; row < rows; ++row)
      s.values.push_back(mean_of(site_sum_, site_count_, i * rows + row));
    result.series.push_back(std::move(s));
  }
  return result;
}

double MonthlySeriesFold::mean_of(const std::vector<double>& sum, const std::vector<double>& count,
                                  std::size_t cell) {
  return count[cell] > 0 ? sum[cell] / count[cell] : kNaN;
}

MonthlySeries national_series(const std::vector<model::ReplicateOutput>& outputs) {
  MonthlySeriesFold fold;
  for (const model::ReplicateOutput& out : outputs) fold.add(monthly_part(out));
  return fold.national();
}

MonthlySeries site_series(const std::vector<model::ReplicateOutput>& outputs) {
  MonthlySeriesFold fold;
  for (const model::ReplicateOutput& out : outputs) fold.add(monthly_part(out));
  return fold.sites();
}

}  // namespace spipsim::experiment
