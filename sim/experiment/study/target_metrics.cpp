#include "sim/experiment/study/target_metrics.hpp"

#include <array>
#include <cmath>
#include <limits>

#include "sim/experiment/outcomes/breakdowns.hpp"
#include "sim/experiment/outcomes/caseload_moments.hpp"
#include "sim/experiment/outcomes/person_outcomes.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<TargetMetric, 18> kMetrics = {{
    {"release_reconviction_1m", "Released, reconvicted within 1 month", "share",
     "recidivism_2016_release_cohort.value[0]", "recidivism_2016_release_cohort.tolerance[0]"},
    {"release_reconviction_6m", "Released, reconvicted within 6 months", "share",
     "recidivism_2016_release_cohort.value[1]", "recidivism_2016_release_cohort.tolerance[1]"},
    {"release_reconviction_12m", "Released, reconvicted within 12 months", "share",
     "recidivism_2016_release_cohort.value[2]", "recidivism_2016_release_cohort.tolerance[2]"},
    {"release_reconviction_24m", "Released, reconvicted within 24 months", "share",
     "recidivism_2016_release_cohort.value[3]", "recidivism_2016_release_cohort.tolerance[3]"},
    {"release_reconviction_36m", "Released, reconvicted within 36 months", "share",
     "recidivism_2016_release_cohort.value[4]", "recidivism_2016_release_cohort.tolerance[4]"},
    {"release_reconviction_60m", "Released, reconvicted within 60 months", "share",
     "recidivism_2016_release_cohort.value[5]", "recidivism_2016_release_cohort.tolerance[5]"},
    {"release_reconviction_1y_age_18_20", "Released aged 18-20, reconvicted within 1 year", "share",
     "recidivism_2016_by_age_1y.age_18_20", "recidivism_2016_by_age_1y.tolerance"},
    {"release_reconviction_1y_age_60_plus", "Released aged 60+, reconvicted within 1 year", "share",
     "recidivism_2016_by_age_1y.age_60_plus", "recidivism_2016_by_age_1y.tolerance"},
    {"release_reimprisonment_60m", "Released, re-imprisoned within 5 years", "share",
     "recidivism_2002_release_cohort.reimprisoned_5y", ""},
    {"supervised_release_share", "Supervised releases (amenagements)", "share",
     "releases.supervised_release_share_2023", ""},
    {"releases_per_year", "Releases from prison, France", "people/year",
     "releases.releases_per_year", ""},
    {"detained", "Detained, France, mean", "people", "caseload.detained_2025_01_01", ""},
    {"supervised_community", "Supervised in the community, France, mean", "people",
     "caseload.people_in_milieu_ouvert_2013", ""},
    {"caseload_per_officer", "Caseload per community officer, mean", "cases/officer",
     "caseload.observed_per_officer.y2017", ""},
    {"release_profile_men", "Released: men", "share", "release_profile_2016.men", ""},
    {"release_profile_no_prior_conviction", "Released: no prior conviction", "share",
     "release_profile_2016.no_prior_conviction", ""},
    {"release_profile_under_30_at_entry", "Released: under 30 at prison entry", "share",
     "release_profile_2016.under_30_at_entry", ""},
    {"release_profile_custody_under_1_year", "Released: in custody under 1 year", "share",
     "release_profile_2016.in_custody_under_1_year", ""},
}};

bool released(const model::PersonRecord& p) {
  return p.origin == model::Origin::Prison && p.release_type != model::ReleaseType::None;
}

double share(std::int64_t yes, std::int64_t n) {
  return n > 0 ? double(yes) / double(n) : kNaN;
}

}  // namespace

std::span<const TargetMetric> target_metrics() {
  return kMetrics;
}

const TargetMetric* find_target_metric(std::string_view name) {
  for (const TargetMetric& m : kMetrics)
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<double> target_metric_values(const model::ReplicateOutput& out) {
  EventSample cohort, young, old, cohort_prison;
  std::int64_t n = 0, men = 0, no_prior = 0, under_30 = 0, custody_known = 0, short_custody = 0;
  for (const model::PersonRecord& p : out.persons) {
    if (!released(p)) continue;
    ++n;
    cohort.add(p, Outcome::Reconviction);
    cohort_prison.add(p, Outcome::Reimprisonment);
    std::string_view group = age_group(p.age_at_index);
    if (group == "18-20") young.add(p, Outcome::Reconviction);
    if (group == "60+") old.add(p, Outcome::Reconviction);
    men += p.sex == model::Sex::Man;
    no_prior += p.prior_convictions == 0;
    if (!std::isnan(p.custody_days)) {
      ++custody_known;
      short_custody += p.custody_days < engine::kDaysPerYear;
      under_30 += p.age_at_index - p.custody_days / engine::kDaysPerYear < 30.0;
    }
  }
  std::vector<double> v;
  v.reserve(kMetrics.size());
  stats::SurvivalTable km = survival_of(cohort);
  for (double months : {1.0, 6.0, 12.0, 24.0, 36.0, 60.0})
    v.push_back(incidence_at(km, cohort, months * engine::kDaysPerMonth).value);
  v.push_back(incidence_at(young, engine::kDaysPerYear).value);
  v.push_back(incidence_at(old, engine::kDaysPerYear).value);
  v.push_back(incidence_at(cohort_prison, 60 * engine::kDaysPerMonth).value);
  std::int64_t supervised_releases = 0;
  for (const model::PersonRecord& p : out.persons)
    supervised_releases += released(p) && model::is_supervised_release(p.release_type);
  v.push_back(share(supervised_releases, n));
  double releases = 0, detained = 0, supervised = 0;
  for (const model::MonthlySiteRecord& m : out.monthly)
    releases += m.releases, detained += m.detained, supervised += m.supervised;
  const double national = out.coverage > 0 ? 1.0 / out.coverage : kNaN;
  const double months = double(out.months);
  v.push_back(months > 0 ? releases / (months / 12.0) * national : kNaN);
  v.push_back(months > 0 ? detained / months * national : kNaN);
  v.push_back(months > 0 ? supervised / months * national : kNaN);
  double caseload = 0, counted = 0;
  for (const auto& month : out.officer_caseloads_by_month) {
    if (month.empty()) continue;
    caseload += caseload_moments(month).mean, counted += 1;
  }
  v.push_back(counted > 0 ? caseload / counted : kNaN);
  v.push_back(share(men, n));
  v.push_back(share(no_prior, n));
  v.push_back(share(under_30, custody_known));
  v.push_back(share(short_custody, custody_known));
  return v;
}

}  // namespace spipsim::experiment
