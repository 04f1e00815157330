// The effect metrics measured as the trials measured them (issue 10, item 7): the enrolled
// metrics take the people the variant enrolled and read their outcomes in either run; the
// per-supervised-year rates divide by person-years under supervision, not by calendar years.
#include "sim/experiment/study/validation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string_view>
#include <vector>

#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

std::size_t metric_index(std::string_view name) {
  auto metrics = effect_metrics();
  for (std::size_t k = 0; k < metrics.size(); ++k)
    if (metrics[k].name == name) return k;
  ADD_FAILURE() << name << " is not an effect metric";
  return metrics.size();
}

model::PersonRecord released(std::uint64_t id, double days_to_reconviction, bool reconvicted,
                             double days_to_job) {
  model::PersonRecord p = testing::person(id, days_to_reconviction, reconvicted);
  p.origin = model::Origin::Prison;
  p.release_type = model::ReleaseType::SortieSeche;
  p.days_to_job = days_to_job;
  return p;
}

// Person 1 starts a job 30 days after release in the variant: enrolled. Person 2 starts one
// after 200 days and person 3 never: not enrolled. In the base, person 1 is reconvicted at
// day 100, so the enrolled group's 3-year reconviction is 1 in the base and 0 in the variant,
// whatever happens to the others.
TEST(EffectMetrics, EnrolledMetricFollowsTheVariantsEnrolledPeopleIntoTheBase) {
  const double never = std::nan("");
  const double three_years = 3 * 365.25 + 1;
  std::vector<model::PersonRecord> base = {released(1, 100, true, never),
                                           released(2, three_years, false, never),
                                           released(3, 50, true, never)};
  std::vector<model::PersonRecord> variant = {released(1, three_years, false, 30),
                                              released(2, 10, true, 200),
                                              released(3, 50, true, never)};
  std::size_t k = metric_index("job_enrolled_reconviction_3y");
  EXPECT_DOUBLE_EQ(enrolled_metric_value(k, variant, base), 1.0);
  EXPECT_DOUBLE_EQ(enrolled_metric_value(k, variant, variant), 0.0);
  // Enrolment is read from the variant only: the base's jobs do not matter.
  base[2].days_to_job = 10;
  EXPECT_DOUBLE_EQ(enrolled_metric_value(k, variant, base), 1.0);
}

TEST(EffectMetrics, HousingEnrolledAreThoseWithoutHousingAtEntryHousedAtSixMonths) {
  const double one_year = 365.25 + 1;
  auto person = [](std::uint64_t id, double days, bool reconvicted, std::int8_t housed_6m,
                   bool need) {
    model::PersonRecord p = testing::person(id, days, reconvicted);
    p.needs_at_entry = need ? 2 : 0;  // model::kNeedHousing
    p.housed_6m = housed_6m;
    return p;
  };
  std::vector<model::PersonRecord> base = {person(1, 20, true, 0, true),
                                           person(2, 20, true, 1, false),
                                           person(3, one_year, false, 0, true)};
  std::vector<model::PersonRecord> variant = {person(1, one_year, false, 1, true),
                                              person(2, 20, true, 1, false),   // had a home
                                              person(3, 20, true, 0, true)};  // not housed
  std::size_t k = metric_index("housing_enrolled_reconviction_1y");
  EXPECT_DOUBLE_EQ(enrolled_metric_value(k, variant, base), 1.0);
  EXPECT_DOUBLE_EQ(enrolled_metric_value(k, variant, variant), 0.0);
}

// 100 people supervised all year (month-end stocks of 100 for 12 months) and 5 revocations:
// 0.05 per person-year, whatever the calendar length.
TEST(EffectMetrics, RevocationsPerSupervisedPersonYear) {
  model::ReplicateOutput out;
  out.months = 12;
  for (int m = 0; m < 12; ++m) {
    model::MonthlySiteRecord r;
    r.month = m;
    r.supervised = 100;
    r.revocations = m < 5 ? 1 : 0;
    r.technical_violations = 2;
    out.monthly.push_back(r);
  }
  std::vector<double> values = effect_metric_values(out);
  EXPECT_DOUBLE_EQ(values[metric_index("revocations_per_year")], 5.0);
  EXPECT_DOUBLE_EQ(values[metric_index("revocations_per_supervised_year")], 0.05);
  EXPECT_DOUBLE_EQ(values[metric_index("technical_violations_per_supervised_year")], 0.24);
  EXPECT_TRUE(std::isnan(values[metric_index("job_enrolled_reconviction_3y")]));
}

}  // namespace
}  // namespace spipsim::experiment
