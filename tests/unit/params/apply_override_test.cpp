// Command-line overrides follow the same rules as scenario files.
#include <gtest/gtest.h>

#include "params_test_support.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::params {
namespace {

using namespace test_support;
using ::testing::HasSubstr;

class ApplyOverride : public ScenarioFiles {
 protected:
  void SetUp() override {
    ScenarioFiles::SetUp();
    scenario_ = load(write("s.toml", "[[change]]\nat = 2027-01-01\nreminders.enabled = true\n"));
  }

  // The only diagnostic of an override that must fail; the scenario must be unchanged.
  Diagnostic rejected(std::string_view name, std::string_view text) {
    const Parameters before = scenario_.values;
    try {
      apply_override(scenario_, name, text);
    } catch (const ScenarioError& e) {
      EXPECT_EQ(scenario_.values, before);
      EXPECT_EQ(e.diagnostics.size(), 1u) << e.what();
      EXPECT_EQ(e.diagnostics.front().file, "<command line>");
      EXPECT_EQ(e.diagnostics.front().key, name);
      return e.diagnostics.front();
    }
    ADD_FAILURE() << "override " << name << "=" << text << " was accepted";
    return {};
  }

  Scenario scenario_;
};

TEST_F(ApplyOverride, ParsesByKind) {
  apply_override(scenario_, "run.years", "5");
  apply_override(scenario_, "run.seed", "42");
  apply_override(scenario_, "staffing.officer_scale", "1.25");
  apply_override(scenario_, "allocation.policy", "risk_points");
  apply_override(scenario_, "reminders.enabled", "true");
  apply_override(scenario_, "run.start_date", "2026-06-01");
  apply_override(scenario_, "report.label", "sweep 3");
  apply_override(scenario_, "world.departements", "data/other.csv");
  const Parameters& p = scenario_.values;
  EXPECT_EQ(p.real(id(kYears)), 5.0);
  EXPECT_EQ(p.integer(id(kSeed)), 42);
  EXPECT_EQ(p.real(id(kOfficerScale)), 1.25);
  EXPECT_EQ(p.choice(id(kPolicy)), 2u);
  EXPECT_TRUE(p.flag(id(kReminders)));
  EXPECT_EQ(p.text(id(kStartDate)), "2026-06-01");
  EXPECT_EQ(p.text(id(kLabel)), "sweep 3");
  EXPECT_EQ(p.text(id(kDepartements)),
            (std::filesystem::current_path() / "data/other.csv").string())
      << "relative to the working directory";
}

TEST_F(ApplyOverride, RejectsBadValues) {
  EXPECT_EQ(rejected("run.yeers", "5").hint, "did you mean 'run.years'?");
  EXPECT_EQ(rejected("run.years", "five").rule, "'five' is not a number");
  EXPECT_EQ(rejected("run.years", "").rule, "'' is not a number");
  EXPECT_EQ(rejected("run.years", "5y").rule, "'5y' is not a number");
  EXPECT_EQ(rejected("run.years", "51").rule, "value 51 must be between 0.1 and 50 years");
  EXPECT_THAT(rejected("run.seed", "3.5").rule, HasSubstr("must be an integer"));
  EXPECT_THAT(rejected("allocation.policy", "random").hint, HasSubstr("allowed: round_robin"));
  EXPECT_EQ(rejected("reminders.enabled", "maybe").rule, "'maybe' is not a boolean");
  EXPECT_EQ(rejected("run.start_date", "2025-13-01").rule, "invalid date '2025-13-01'");
  EXPECT_EQ(rejected("run.years", "-1").format(),
            "<command line>: key 'run.years': value -1 must be between 0.1 and 50 years");
}

TEST_F(ApplyOverride, StartDateMayNotPassTheTimeline) {
  Diagnostic d = rejected("run.start_date", "2028-01-01");
  EXPECT_THAT(d.rule, HasSubstr("after the timeline change at 2027-01-01"));
  EXPECT_THAT(d.rule, HasSubstr("s.toml:1"));
  apply_override(scenario_, "run.start_date", "2027-01-01");  // the same day is allowed
}

}  // namespace
}  // namespace spipsim::params
