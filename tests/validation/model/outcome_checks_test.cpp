// The outcomes 6 and 12 months after the index (work, housing, reintegration) are recorded
// without an event of their own (site_outcomes.cpp): each row keeps the state the checks read,
// and a check whose day has passed is recorded when that state is about to change, when the
// person stops being counted at the site (leaving, or a transfer) and at the run's end. These
// runs check the records against what the parameters force, and that a check is recorded for
// everyone observed past its day. A hook that is missing shows here, in the checking run after
// every event (SupervisionProcess.InvariantsHoldAfterEveryEvent compares each row's kept state
// with its fields), or in the pinned fingerprint of small-site.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/sim_time.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

constexpr std::uint64_t kSeed = 20250101;
using Overrides = std::vector<std::pair<std::string, std::string>>;

ReplicateOutput run(const Overrides& overrides) {
  params::Scenario s = params::load_scenario(std::filesystem::path(SPIPSIM_SOURCE_DIR) /
                                             "scenarios" / "small-site.toml");
  params::apply_override(s, "run.years", "2");
  for (const auto& [key, value] : overrides) params::apply_override(s, key, value);
  return run_replicate(s, 0, kSeed);
}

constexpr double kSixMonths = 6 * engine::kDaysPerMonth, kYear = 12 * engine::kDaysPerMonth;

// The day the record stops observing the person, from the index: known from the censoring
// time when they were not reconvicted (NaN otherwise).
double observed_days(const PersonRecord& r) {
  return r.reconvicted ? std::nan("") : r.days_to_reconviction;
}

// Nobody lacks or loses housing, and nobody finds work or training: everyone in the community
// on a check's day is housed and not at work, so not reintegrated either. At one site (no
// journeys between sites) each check is recorded exactly when the person was observed past
// its day, and it reads "housed" unless they were back in prison. With a follow-up of one
// year the unsupervised leave on the day of the 12-month check, after it (its event came
// first at that instant): both checks are recorded as they leave.
TEST(OutcomeChecks, RecordWhatTheParametersForceForEveryoneObservedPastTheirDay) {
  for (const char* follow_up : {"5", "1"}) {
    SCOPED_TRACE(std::string("run.follow_up_years = ") + follow_up);
    ReplicateOutput out = run({{"profile.need_housing", "0"},
                               {"housing.loss_per_year", "0"},
                               {"labour.vacancies_per_1000_per_year", "0"},
                               {"partners.training_places_per_100k", "0"},
                               {"insertion.reserved_jobs_per_100k", "0"},
                               {"run.follow_up_years", follow_up}});
    int observed6 = 0, observed12 = 0, housed6 = 0, left_on_the_day = 0;
    for (const PersonRecord& r : out.persons) {
      SCOPED_TRACE("person " + std::to_string(r.id));
      EXPECT_NE(r.employed_6m, 1);
      EXPECT_NE(r.employed_12m, 1);
      EXPECT_NE(r.reintegrated_12m, 1);
      double seen = observed_days(r);
      if (std::isnan(seen)) continue;
      for (auto [day, recorded] :
           {std::pair{kSixMonths, r.housed_6m}, std::pair{kYear, r.housed_12m}}) {
        bool on_the_day = std::abs(seen - day) < 1e-6;  // the follow-up ended then
        if (seen > day + 1 || on_the_day) {
          EXPECT_NE(recorded, -1) << "observed " << seen << " days, check at " << day << " missing";
          bool back_in_prison = r.reimprisoned && r.days_to_reimprisonment < day;
          if (!back_in_prison) {
            EXPECT_EQ(recorded, 1);
          }
          (day == kYear ? observed12 : observed6) += 1;
          housed6 += day == kSixMonths && recorded == 1;
          left_on_the_day += on_the_day;
        } else if (seen < day - 1) {
          EXPECT_EQ(recorded, -1) << "observed " << seen << " days, check at " << day
                                  << " recorded";
        }
      }
      EXPECT_EQ(r.employed_6m, r.housed_6m == -1 ? -1 : 0);
      EXPECT_EQ(r.employed_12m, r.housed_12m == -1 ? -1 : 0);
      EXPECT_EQ(r.reintegrated_12m, r.housed_12m == -1 ? -1 : 0);
    }
    EXPECT_GT(observed12, 100) << "too few people observed a year: the test would prove little";
    EXPECT_GT(housed6, observed6 / 2);
    if (std::string(follow_up) == "1") {
      EXPECT_GT(left_on_the_day, 100);
    }
  }
}

// Across three sites with the largest mobility (a third of the records moved), no check is
// missing for anyone observed past its day, whatever site they are recorded at: a check whose
// day fell during a journey between sites is recorded from the state the person left in.
// Until 2026-12-03 those stayed missing; without the checks carried to the arrival, every
// check after a move would be.
TEST(OutcomeChecks, AreRecordedAfterAMoveAndDuringTheJourney) {
  ReplicateOutput out = run({{"world.sites", "21,25,39"}, {"mobility.moves_per_year", "1.0"}});
  int observed = 0, missing = 0, moved = 0;
  for (const PersonRecord& r : out.persons) {
    double seen = observed_days(r);
    if (std::isnan(seen) || !(seen > kYear + 1)) continue;
    bool away = (r.id >> 36) != std::uint64_t(r.site) + 1;  // recorded at another site
    ++observed;
    moved += away;
    missing += r.housed_6m == -1 || r.housed_12m == -1;
  }
  ASSERT_GT(moved, 100);
  EXPECT_EQ(missing, 0) << "of " << observed << " observed past a year (" << moved
                        << " recorded at another site)";
}

}  // namespace
}  // namespace spipsim::model
