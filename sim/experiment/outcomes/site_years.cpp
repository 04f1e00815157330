#include "sim/experiment/outcomes/site_years.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/engine/sim_time.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Record = model::MonthlySiteRecord;

// A figure of one (year, site) from its twelve monthly records: a sum, a mean of stocks, or a
// ratio of two sums.
struct YearField {
  const char* name;
  const char* unit;
  const char* description;
  std::function<double(const Record&)> numerator;
  std::function<double(const Record&)> denominator;  // empty: numerator summed (flows)
  bool stock;                                        // mean over the months instead of a sum
};

double cost_total(const Record& r) {
  return r.cost_officers_eur + r.cost_prison_eur + r.cost_community_eur +
         r.cost_electronic_monitoring_eur + r.cost_semi_liberte_eur + r.cost_partners_eur +
         r.cost_digital_eur + r.cost_training_eur + r.cost_insertion_eur;
}

double partner_waits(const Record& r) {
  double sum = 0;
  for (double w : r.partner_wait_days_sum) sum += w;
  return sum;
}

double partner_starts(const Record& r) {
  double sum = 0;
  for (auto n : r.partner_started) sum += n;
  return sum;
}

std::vector<YearField> year_fields() {
  auto get = [](double Record::*field) { return [field](const Record& r) { return r.*field; }; };
  auto count = [](std::int32_t Record::*field) {
    return [field](const Record& r) { return double(r.*field); };
  };
  return {
      {"cases_per_officer", "cases/officer",
       "people supervised in the community per community officer (month-end stocks summed over "
       "the year, then divided)",
       count(&Record::supervised), get(&Record::officers_community), false},
      {"supervised", "people", "people under community supervision (mean of month ends)",
       count(&Record::supervised), {}, true},
      {"detained", "people", "people in prison (mean of month ends)", count(&Record::detained), {},
       true},
      {"officers_community", "officers",
       "community officers holding a caseload (full-caseload equivalents, mean of month ends)",
       get(&Record::officers_community), {}, true},
      {"posts_funded", "posts", "funded officer posts (mean of month ends)",
       get(&Record::posts_funded), {}, true},
      {"officers_in_post", "officers", "officers in post (mean of month ends)",
       get(&Record::officers_in_post), {}, true},
      {"vacancy_rate", "share", "funded posts without an officer in post (over the year)",
       [](const Record& r) { return r.posts_funded - r.officers_in_post; },
       get(&Record::posts_funded), false},
      {"assessment_wait_days", "days", "mean wait from entry to assessment",
       get(&Record::assessment_wait_days_sum), count(&Record::assessments), false},
      {"partner_wait_days", "days", "mean wait for a partner service, every type",
       partner_waits, partner_starts, false},
      {"contacts_delivered_ratio", "share", "contacts held over contacts due",
       count(&Record::contacts_delivered), count(&Record::contacts_due), false},
      {"releases", "people/year", "releases from prison", count(&Record::releases), {}, false},
      {"releases_supervised", "people/year", "releases under a sentence adjustment",
       count(&Record::releases_supervised), {}, false},
      {"reconvictions", "people/year", "reconvictions of people followed here",
       count(&Record::reconvictions), {}, false},
      {"revocations", "people/year", "measures revoked", count(&Record::revocations), {}, false},
      {"cost_officers_eur", "EUR/year", "probation officers", get(&Record::cost_officers_eur), {},
       false},
      {"cost_prison_eur", "EUR/year", "detention", get(&Record::cost_prison_eur), {}, false},
      {"cost_total_eur", "EUR/year", "every cost of the results file's summary", cost_total, {},
       false},
  };
}

}  // namespace

SiteYearPart site_year_part(const model::ReplicateOutput& out) {
  SiteYearPart part;
  part.months = out.months;
  for (const model::SiteInfo& site : out.sites) part.site_codes.push_back(site.code);
  const std::size_t years = std::size_t(out.months / 12), n_sites = out.sites.size();
  const std::size_t rows = years * n_sites;
  std::vector<YearField> fields = year_fields();
  std::vector<double> num(fields.size() * rows, 0.0), den(fields.size() * rows, 0.0);
  for (const Record& r : out.monthly) {
    if (r.month < 0 || std::size_t(r.month) >= years * 12 || r.site >= n_sites) continue;
    std::size_t row = std::size_t(r.month / 12) * n_sites + r.site;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      num[f * rows + row] += fields[f].numerator(r);
      den[f * rows + row] += fields[f].denominator ? fields[f].denominator(r) : 1.0;
    }
  }
  part.values.reserve((fields.size() + 3) * rows);
  for (std::size_t f = 0; f < fields.size(); ++f)
    for (std::size_t row = 0; row < rows; ++row) {
      double n = num[f * rows + row], d = den[f * rows + row];
      bool ratio = fields[f].denominator || fields[f].stock;
      part.values.push_back(ratio ? (d > 0 ? n / d : kNaN) : n);
    }
  // Outcomes by index year: people indexed that year at this site; reconviction within a
  // year among those observed for a year; reintegration at 12 months where measured.
  std::vector<double> indexed(rows, 0), observed(rows, 0), reconvicted(rows, 0),
      measured(rows, 0), reintegrated(rows, 0);
  const double window = out.months * engine::kDaysPerMonth;
  for (const model::PersonRecord& p : out.persons) {
    std::size_t year = std::size_t(p.index_day / engine::kDaysPerYear);
    if (p.index_day < 0 || year >= years || p.site >= n_sites) continue;
    std::size_t row = year * n_sites + p.site;
    indexed[row] += 1;
    if (p.index_day + engine::kDaysPerYear <= window) {
      observed[row] += 1;
      reconvicted[row] += p.reconvicted && p.days_to_reconviction <= engine::kDaysPerYear;
    }
    if (p.reintegrated_12m >= 0) measured[row] += 1, reintegrated[row] += p.reintegrated_12m;
  }
  for (std::size_t row = 0; row < rows; ++row) part.values.push_back(indexed[row]);
  for (std::size_t row = 0; row < rows; ++row)
    part.values.push_back(observed[row] > 0 ? reconvicted[row] / observed[row] : kNaN);
  for (std::size_t row = 0; row < rows; ++row)
    part.values.push_back(measured[row] > 0 ? reintegrated[row] / measured[row] : kNaN);
  return part;
}

void SiteYearFold::add(const SiteYearPart& part) {
  if (replicates_ == 0) {
    months_ = part.months;
    site_codes_ = part.site_codes;
    sum_.assign(part.values.size(), 0.0);
    count_.assign(part.values.size(), 0);
  } else if (part.months != months_ || part.site_codes != site_codes_) {
    throw std::invalid_argument(
        "site years: a replicate has other months or sites than the first one");
  }
  ++replicates_;
  for (std::size_t cell = 0; cell < part.values.size(); ++cell)
    if (!std::isnan(part.values[cell])) sum_[cell] += part.values[cell], ++count_[cell];
}

io::Table SiteYearFold::table() const {
  io::Table table;
  if (replicates_ == 0) return table;
  const std::size_t years = std::size_t(months_ / 12), n_sites = site_codes_.size();
  const std::size_t rows = years * n_sites;
  std::vector<YearField> fields = year_fields();
  std::vector<std::int64_t> year;
  std::vector<std::string> site;
  for (std::size_t y = 0; y < years; ++y)
    for (std::size_t s = 0; s < n_sites; ++s) year.push_back(std::int64_t(y)), site.push_back(site_codes_[s]);
  table.add("year", "years", "year of the observation window, from 0", std::move(year))
      .add("site", "", "site code, as in /sites", std::move(site));
  // Mean over replicates of the values that are defined.
  auto column = [&](std::size_t first) {
    std::vector<double> values;
    for (std::size_t row = 0; row < rows; ++row)
      values.push_back(count_[first + row] > 0 ? sum_[first + row] / count_[first + row] : kNaN);
    return values;
  };
  for (std::size_t f = 0; f < fields.size(); ++f)
    table.add(fields[f].name, fields[f].unit, fields[f].description, column(f * rows));
  const std::size_t base = fields.size() * rows;
  table
      .add("index_persons", "people", "people whose index event (release or measure start) fell "
                                      "in this year at this site",
           column(base))
      .add("reconviction_1y", "share",
           "of them, reconvicted within a year (among those observed for a full year)",
           column(base + rows))
      .add("reintegrated_12m", "share",
           "of them, reintegrated at 12 months (work or training, housing, no reconviction), "
           "where measured",
           column(base + 2 * rows));
  return table;
}

io::Table site_year_table(const std::vector<model::ReplicateOutput>& outputs) {
  SiteYearFold fold;
  for (const model::ReplicateOutput& out : outputs) fold.add(site_year_part(out));
  return fold.table();
}

}  // namespace spipsim::experiment
