// Every scenario shipped in scenarios/ loads and validates, and says what it is for; the
// committed parameter documentation is the one the table generates.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "sim/experiment/sweep/sweep_plan.hpp"
#include "sim/params/parameter_docs.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::params {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  const fs::path root = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios";
  for (auto entry = fs::recursive_directory_iterator(root);
       entry != fs::recursive_directory_iterator(); ++entry) {
    // scenarios/sweeps holds sweep designs (`spipsim sweep`), not scenarios: their keys are
    // the design's, and they name the scenario they vary.
    if (entry->is_directory() && entry->path() == root / "sweeps") {
      entry.disable_recursion_pending();
      continue;
    }
    if (entry->is_regular_file() && entry->path().extension() == ".toml")
      files.push_back(entry->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Scenarios, EveryFileLoadsAndHasADescription) {
  std::vector<fs::path> files = scenario_files();
  ASSERT_FALSE(files.empty()) << "no scenario found under scenarios/";
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    try {
      Scenario s = load_scenario(file);
      EXPECT_EQ(s.name, file.stem().string());
      EXPECT_NE(s.description.find_first_not_of(" \t\n"), std::string::npos)
          << file << ": empty description; say what the scenario is for and what it should show";
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << "does not load:\n" << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "does not load: " << e.what();
    }
  }
}

// The sweep designs that ship (scenarios/sweeps, bench/sweeps) load, name a scenario that
// loads, and make a plan: a design broken by a renamed parameter fails here, not on a cluster.
TEST(Scenarios, EverySweepDesignLoads) {
  std::vector<fs::path> designs;
  for (const char* dir : {"scenarios/sweeps", "bench/sweeps"})
    for (const auto& entry : fs::directory_iterator(fs::path(SPIPSIM_SOURCE_DIR) / dir))
      if (entry.path().extension() == ".toml") designs.push_back(entry.path());
  ASSERT_GE(designs.size(), 2u);
  for (const fs::path& file : designs) {
    SCOPED_TRACE(file.string());
    try {
      experiment::SweepDesign design = experiment::load_sweep_design(file);
      EXPECT_FALSE(design.description.empty());
      experiment::Sweep sweep = experiment::make_sweep(design, load_scenario(design.scenario));
      EXPECT_GT(sweep.plan.task_count(), 0u);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "does not load:\n" << e.what();
    }
  }
}

TEST(Scenarios, ParameterDocumentationIsUpToDate) {
  fs::path doc = fs::path(SPIPSIM_SOURCE_DIR) / "docs" / "parameters.md";
  std::ifstream in(doc, std::ios::binary);
  ASSERT_TRUE(in) << doc << " is missing: generate it with "
                  << "`./build/spipsim params --markdown > docs/parameters.md`";
  std::string committed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(committed == parameters_markdown())
      << "docs/parameters.md differs from the parameter table (sim/params/parameters.def): "
         "regenerate with `./build/spipsim params --markdown > docs/parameters.md`";
}

}  // namespace
}  // namespace spipsim::params
