// One year of small-site through run_replicate: the records it returns are plausible field
// by field (windows, orders, censoring, which fields go with which origin).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

constexpr double kDaysPerYear = 365.25;

class SmallSiteYear : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    params::Scenario s = params::load_scenario(std::filesystem::path(SPIPSIM_SOURCE_DIR) /
                                               "scenarios" / "small-site.toml");
    params::apply_override(s, "run.years", "1");
    out_ = new ReplicateOutput(run_replicate(s, 0, 20250101));
    follow_up_days_ = s.values.real(params::ParamId::run_follow_up_years) * kDaysPerYear;
  }
  static void TearDownTestSuite() { delete out_; }
  static ReplicateOutput* out_;
  static double follow_up_days_;
};
ReplicateOutput* SmallSiteYear::out_ = nullptr;
double SmallSiteYear::follow_up_days_ = 0;

TEST_F(SmallSiteYear, OutputShape) {
  const ReplicateOutput& o = *out_;
  EXPECT_EQ(o.months, 12);
  EXPECT_DOUBLE_EQ(o.years, 1.0);
  ASSERT_EQ(o.sites.size(), 1u);
  EXPECT_EQ(o.sites[0].code, "21");
  EXPECT_GT(o.sites[0].initial_officers, 0);
  ASSERT_EQ(o.monthly.size(), 12u);
  for (int m = 0; m < 12; ++m) EXPECT_EQ(o.monthly[m].month, m);
  EXPECT_EQ(o.officer_caseloads_by_month.size(), 12u);
  EXPECT_GT(o.events, 0u);
  EXPECT_GT(o.persons.size(), 100u);
  EXPECT_TRUE(std::is_sorted(o.persons.begin(), o.persons.end(), [](const auto& a, const auto& b) {
    return a.site != b.site ? a.site < b.site : a.id < b.id;
  }));
}

TEST_F(SmallSiteYear, PersonsArePlausible) {
  const double window = 12 * kDaysPerYear / 12;
  for (const PersonRecord& r : out_->persons) {
    SCOPED_TRACE("person " + std::to_string(r.id));
    EXPECT_GE(r.index_day, 0.0) << "index events are in the observation window";
    EXPECT_LT(r.index_day, window);
    EXPECT_LE(r.entry_day, r.index_day);
    EXPECT_GE(r.age_at_entry, 18.f);
    EXPECT_LE(r.age_at_entry, 75.f);
    EXPECT_GE(r.age_at_index, r.age_at_entry);
    EXPECT_GE(r.days_to_reconviction, 0.0);
    EXPECT_LE(r.days_to_reconviction, follow_up_days_);
    EXPECT_LE(r.index_day + r.days_to_reconviction, window + 1e-9) << "nothing after the end";
    EXPECT_GE(r.days_to_reimprisonment, 0.0);
    if (!r.reconvicted && !r.reimprisoned) {
      EXPECT_DOUBLE_EQ(r.days_to_reconviction, r.days_to_reimprisonment) << "one censoring time";
    }
    if (r.release_type == ReleaseType::SortieSeche && !std::isnan(r.measure_start_day)) {
      EXPECT_EQ(r.measure_start_day, r.index_day)
          << "after a sortie seche, only a suivi socio-judiciaire, from the release";
    }
    if (is_supervised_release(r.release_type)) {
      EXPECT_EQ(r.measure_start_day, r.index_day) << "the adjustment is the measure";
    }
    if (!std::isnan(r.measure_end_day)) {
      EXPECT_GE(r.measure_end_day, r.measure_start_day);
    }
    for (std::int8_t v :
         {r.employed_6m, r.housed_6m, r.employed_12m, r.housed_12m, r.reintegrated_12m})
      EXPECT_TRUE(v == -1 || v == 0 || v == 1);
    if (r.index_day + 6 * 365.25 / 12 > window) {
      EXPECT_EQ(r.employed_6m, -1) << "not yet seen";
    }
    EXPECT_EQ(r.employed_12m, -1) << "no one has 12 months of follow-up in a one-year window";
    if (r.reintegrated_12m == 1) {
      EXPECT_TRUE(r.employed_12m == 1 && r.housed_12m == 1);
    }
  }
}

// PersonRecord documents origin as the kind of index event: prison (index = release, with a
// release type) or community (index = measure start); the results tables and breakdowns
// (sim/experiment) rely on it.
TEST_F(SmallSiteYear, OriginMatchesTheIndexEvent) {
  for (const PersonRecord& r : out_->persons) {
    SCOPED_TRACE("person " + std::to_string(r.id));
    if (r.origin == Origin::Community) {
      EXPECT_EQ(r.release_type, ReleaseType::None) << "a community index has no release type";
      EXPECT_EQ(r.measure_start_day, r.index_day) << "a community index is a measure start";
    } else {
      EXPECT_NE(r.release_type, ReleaseType::None) << "a prison index is a release";
    }
  }
}

TEST_F(SmallSiteYear, MonthlyRecordsArePlausible) {
  double prison_days = 0, detained_at_month_ends = 0;
  for (const MonthlySiteRecord& m : out_->monthly) {
    prison_days += m.prison_days;
    detained_at_month_ends += m.detained;
    SCOPED_TRACE("month " + std::to_string(m.month));
    EXPECT_GT(m.detained, 0);
    EXPECT_GT(m.supervised, 0);
    EXPECT_GT(m.entries_prison + m.entries_community, 0);
    EXPECT_LE(m.releases_supervised, m.releases);
    EXPECT_LE(m.contacts_delivered + m.contacts_missed, m.contacts_due + m.supervised + m.detained);
    EXPECT_LE(m.employed, m.supervised);
    EXPECT_LE(m.housed, m.supervised);
    EXPECT_GT(m.officers, 0);
    EXPECT_GE(m.hours_contacts, 0);
    EXPECT_GT(m.prison_days, 0);
    EXPECT_LE(m.pretrial_days, m.prison_days);
    for (int k = 0; k < kPartnerTypes; ++k) EXPECT_GE(m.partner_queue[k], 0);
    EXPECT_GT(m.cost_officers_eur, 0);
  }
  // Person-days in prison (integrated at every change) against the month-end stocks: the same
  // stock seen two ways, within 5% over the year.
  EXPECT_NEAR(prison_days / (detained_at_month_ends * 365.25 / 12), 1.0, 0.05);
}

}  // namespace
}  // namespace spipsim::model
