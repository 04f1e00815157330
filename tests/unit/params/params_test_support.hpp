#pragma once
// Shared by the params tests: a small parameter table of their own (so the tests do not
// depend on the rows of parameters.def, which the model owns), and a fresh temporary
// directory per test for scenario files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/params/scenario.hpp"

namespace spipsim::params::test_support {

enum TestParam : std::uint16_t {
  kStartDate,
  kYears,
  kSeed,
  kOfficerScale,
  kPolicy,
  kReminders,
  kDepartements,
  kLabel,
  kViolentWeight,
  kTestParamCount
};

inline constexpr std::array<ParameterSpec, kTestParamCount> kTestTable = {{
    {"run.start_date", Kind::Date, 0, "2025-01-01", "date", 0, 0, "", "First day.", "assumption",
     false},
    {"run.years", Kind::Real, 10.0, "", "years", 0.1, 50.0, "", "Length.", "assumption", false},
    {"run.seed", Kind::Integer, 1, "", "", 0, 1e9, "", "Seed.", "assumption", false},
    {"staffing.officer_scale", Kind::Real, 1.0, "", "factor", 0.1, 10.0, "", "Officers.",
     "assumption", true},
    {"allocation.policy", Kind::Choice, 0, "", "", 0, 0, "round_robin|least_loaded|risk_points",
     "Assignment rule.", "assumption", true},
    {"reminders.enabled", Kind::Boolean, 0, "", "", 0, 0, "", "SMS reminders.", "assumption", true},
    {"world.departements", Kind::Text, 0, "data/departements.csv", "path", 0, 0, "",
     "Departements table.", "INSEE", false},
    {"report.label", Kind::Text, 0, "baseline", "", 0, 0, "", "Label | shown in reports.",
     "assumption", true},
    {"risk.weights.violent", Kind::Real, 2.0, "", "points", 0, 100, "", "Risk weight.",
     "assumption", true},
}};

inline constexpr ParamId id(TestParam p) {
  return static_cast<ParamId>(p);
}

class ScenarioFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "spipsim_params_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `text` to dir/relative (creating folders) and returns the absolute path.
  std::filesystem::path write(const std::string& relative, std::string_view text) {
    std::filesystem::path file = dir_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }

  Scenario load(const std::filesystem::path& file) { return load_scenario(file, kTestTable); }

  // The diagnostics of a load that must fail.
  std::vector<Diagnostic> problems(const std::filesystem::path& file) {
    try {
      load(file);
    } catch (const ScenarioError& e) {
      return e.diagnostics;
    }
    ADD_FAILURE() << "expected a ScenarioError from " << file;
    return {};
  }

  std::filesystem::path dir_;
};

}  // namespace spipsim::params::test_support
