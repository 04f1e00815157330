#include "sim/experiment/run/run_info.hpp"

#include <gtest/gtest.h>

#include "sim/params/scenario.hpp"

namespace spipsim::experiment {
namespace {

TEST(RunInfo, ComesFromTheScenarioValues) {
  params::Scenario scenario;
  scenario.name = "default";
  scenario.description = "Defaults only.";
  scenario.values.set(params::ParamId::run_replicates, params::Value{12, ""});
  scenario.values.set(params::ParamId::run_years, params::Value{2.5, ""});
  RunInfo info = run_info(scenario, "spipsim run default.toml", 4);
  EXPECT_EQ(info.scenario, "default");
  EXPECT_EQ(info.description, "Defaults only.");
  EXPECT_EQ(info.replicates, 12u);
  EXPECT_EQ(info.seed,
            static_cast<std::uint64_t>(scenario.values.integer(params::ParamId::run_seed)));
  EXPECT_DOUBLE_EQ(info.years, 2.5);
  EXPECT_EQ(info.threads, 4);
  EXPECT_EQ(info.command_line, "spipsim run default.toml");
  EXPECT_EQ(info.start_date, scenario.values.date(params::ParamId::run_start_date));
  EXPECT_FALSE(info.resolved_toml.empty());
}

}  // namespace
}  // namespace spipsim::experiment
