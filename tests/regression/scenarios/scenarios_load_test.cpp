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

#include "sim/experiment/sweep_design.hpp"
#include "sim/params/parameter_docs.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::params {
namespace {

namespace fs = std::filesystem;

// Every scenario under scenarios/, but the sweep designs of scenarios/sweeps/: they are not
// scenarios (they name one); SweepDesigns.EveryShippedDesignLoads loads them.
std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  const fs::path root = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios";
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".toml" &&
        *entry.path().lexically_relative(root).begin() != "sweeps")
      files.push_back(entry.path());
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

TEST(SweepDesigns, EveryShippedDesignLoads) {
  const fs::path root = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "sweeps";
  if (!fs::exists(root)) GTEST_SKIP() << "no scenarios/sweeps";
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.path().extension() != ".toml") continue;
    SCOPED_TRACE(entry.path().string());
    try {
      (void)experiment::load_sweep_design(entry.path());
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
