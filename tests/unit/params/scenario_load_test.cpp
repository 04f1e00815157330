// Loading valid scenarios: defaults, every kind of value, extends chains, the timeline and
// the resolved TOML that run manifests store.
#include <gtest/gtest.h>

#include "params_test_support.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::params {
namespace {

using namespace test_support;
namespace fs = std::filesystem;
using std::chrono::year_month_day;

year_month_day ymd(int y, unsigned m, unsigned d) {
  return year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d));
}

class ScenarioLoad : public ScenarioFiles {};

TEST_F(ScenarioLoad, AnEmptyFileGivesTheDefaults) {
  Scenario s = load(write("empty.toml", ""));
  Parameters expected = Parameters::defaults(kTestTable);
  // Path defaults are made absolute against the working directory.
  expected.set(id(kDepartements),
               Value{0, (fs::current_path() / "data/departements.csv").string()});
  EXPECT_EQ(s.values, expected);
  EXPECT_EQ(s.name, "empty");
  EXPECT_EQ(s.path, dir_ / "empty.toml");
  EXPECT_EQ(s.description, "");
  EXPECT_TRUE(s.timeline.empty());
}

TEST_F(ScenarioLoad, TheBuiltInTableLoadsAnEmptyFile) {
  Scenario s = load_scenario(write("empty.toml", "description = \"defaults\"\n"));
  EXPECT_EQ(s.values.size(), parameter_table().size());
  for (std::size_t i = 0; i < parameter_table().size(); ++i) {
    if (is_path(parameter_table()[i])) continue;
    EXPECT_EQ(s.values.value(static_cast<ParamId>(i)),
              Parameters::defaults().value(static_cast<ParamId>(i)))
        << parameter_table()[i].name;
  }
}

TEST_F(ScenarioLoad, ReadsEveryKindOfValue) {
  Scenario s = load(write("all.toml", R"(description = """Every kind."""
[run]
start_date = 2026-03-01
years = 5            # an integer literal is accepted for a real
seed = 42
[staffing]
officer_scale = 1.25
[allocation]
policy = "least_loaded"
[reminders]
enabled = true
[world]
departements = "/srv/data/deps.csv"
[report]
label = "relative/not/a/path"
[risk.weights]
violent = 3.5
)"));
  const Parameters& p = s.values;
  EXPECT_EQ(s.description, "Every kind.");
  EXPECT_EQ(p.date(id(kStartDate)), ymd(2026, 3, 1));
  EXPECT_EQ(p.real(id(kYears)), 5.0);
  EXPECT_EQ(p.integer(id(kSeed)), 42);
  EXPECT_EQ(p.real(id(kOfficerScale)), 1.25);
  EXPECT_EQ(p.choice(id(kPolicy)), 1u);
  EXPECT_TRUE(p.flag(id(kReminders)));
  EXPECT_EQ(p.text(id(kDepartements)), "/srv/data/deps.csv");
  EXPECT_EQ(p.text(id(kLabel)), "relative/not/a/path") << "only unit \"path\" is resolved";
  EXPECT_EQ(p.real(id(kViolentWeight)), 3.5);
}

TEST_F(ScenarioLoad, DottedKeysAndQuotedDatesAreAccepted) {
  Scenario s =
      load(write("dotted.toml", "run.start_date = \"2027-06-30\"\nrisk.weights.violent = 1\n"));
  EXPECT_EQ(s.values.date(id(kStartDate)), ymd(2027, 6, 30));
  EXPECT_EQ(s.values.real(id(kViolentWeight)), 1.0);
}

TEST_F(ScenarioLoad, ExtendsChainOverridesAndResolvesPathsPerFile) {
  write("base/grand.toml", R"(description = "The baseline."
[run]
years = 5
seed = 7
[world]
departements = "data/deps.csv"
)");
  write("mid/parent.toml", R"(extends = "../base/grand.toml"
description = "Parent."
[staffing]
officer_scale = 2.0
[run]
seed = 8
)");
  Scenario s = load(write("child.toml", R"(extends = "mid/parent.toml"
[run]
years = 7
)"));
  EXPECT_EQ(s.values.real(id(kYears)), 7.0) << "child overrides grandparent";
  EXPECT_EQ(s.values.integer(id(kSeed)), 8) << "parent overrides grandparent";
  EXPECT_EQ(s.values.real(id(kOfficerScale)), 2.0);
  EXPECT_EQ(s.values.text(id(kDepartements)), (dir_ / "base/data/deps.csv").string())
      << "relative to the file that set it";
  EXPECT_EQ(s.description, "Parent.") << "the nearest description wins";
  EXPECT_EQ(s.name, "child");
}

TEST_F(ScenarioLoad, TimelineIsAppendedThenStablySortedByDate) {
  write("parent.toml", R"([[change]]
at = 2028-01-01
staffing.officer_scale = 1.5

[[change]]
at = 2026-01-01
allocation.policy = "risk_points"
)");
  Scenario s = load(write("child.toml", R"(extends = "parent.toml"
[[change]]
at = 2027-01-01
reminders.enabled = true
report.label = "reform"

[[change]]
at = 2026-01-01
[change.staffing]
officer_scale = 1.1
)"));
  ASSERT_EQ(s.timeline.size(), 4u);
  EXPECT_EQ(s.timeline[0].at, ymd(2026, 1, 1));
  EXPECT_EQ(s.timeline[0].where, (dir_ / "parent.toml").string() + ":5");
  ASSERT_EQ(s.timeline[0].sets.size(), 1u);
  EXPECT_EQ(s.timeline[0].sets[0].first, id(kPolicy));
  EXPECT_EQ(s.timeline[0].sets[0].second.number, 2.0);

  EXPECT_EQ(s.timeline[1].at, ymd(2026, 1, 1)) << "same day: parent first, then child";
  EXPECT_EQ(s.timeline[1].where, (dir_ / "child.toml").string() + ":7");
  ASSERT_EQ(s.timeline[1].sets.size(), 1u);
  EXPECT_EQ(s.timeline[1].sets[0].first, id(kOfficerScale));
  EXPECT_EQ(s.timeline[1].sets[0].second.number, 1.1);

  EXPECT_EQ(s.timeline[2].at, ymd(2027, 1, 1));
  EXPECT_EQ(s.timeline[2].sets.size(), 2u);
  EXPECT_EQ(s.timeline[3].at, ymd(2028, 1, 1));
  EXPECT_EQ(s.values.real(id(kOfficerScale)), 1.0) << "the timeline does not touch start values";
}

void expect_same_scenario(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.description, b.description);
  ASSERT_EQ(a.timeline.size(), b.timeline.size());
  for (std::size_t i = 0; i < a.timeline.size(); ++i) {
    EXPECT_EQ(a.timeline[i].at, b.timeline[i].at);
    EXPECT_EQ(a.timeline[i].sets, b.timeline[i].sets);
  }
}

TEST_F(ScenarioLoad, ResolvedTomlLoadsBackToTheSameScenario) {
  write("base/parent.toml", R"(description = """Quotes " and \\ and
a second line, tab	and é."""
[run]
start_date = 2025-07-14
years = 12
seed = 123456789
[world]
departements = "deps.csv"
[risk.weights]
violent = 0.1
[[change]]
at = 2030-01-01
staffing.officer_scale = 0.30000000000000004
)");
  Scenario original = load(write("child.toml", R"(extends = "base/parent.toml"
[allocation]
policy = "risk_points"
[reminders]
enabled = true
[report]
label = "a \"label\""
[[change]]
at = 2026-02-28
report.label = "after"
allocation.policy = "least_loaded"
)"));
  std::string resolved = original.resolved_toml();
  EXPECT_EQ(resolved.find("extends"), std::string::npos);
  EXPECT_NE(resolved.find("years = 12.0  # years\n"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("[risk]\nweights.violent = 0.1  # points\n"), std::string::npos);

  Scenario again = load(write("elsewhere/resolved.toml", resolved));
  expect_same_scenario(original, again);
  EXPECT_EQ(again.name, "resolved");
  expect_same_scenario(again, load(write("third.toml", again.resolved_toml())));
}

TEST_F(ScenarioLoad, ResolvedTomlOfTheBuiltInTableRoundTrips) {
  Scenario original = load_scenario(write("empty.toml", ""));
  Scenario again = load_scenario(write("copy/resolved.toml", original.resolved_toml()));
  EXPECT_EQ(original.values, again.values);
}

}  // namespace
}  // namespace spipsim::params
