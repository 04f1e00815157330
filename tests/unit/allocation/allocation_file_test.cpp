// The allocation file reader: a budget becomes posts, and the rules of the format are
// enforced with file:line diagnostics (the CLI test covers the command-line side).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "sim/experiment/allocation/allocation_file.hpp"
#include "sim/params/diagnostic.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;

fs::path write_file(const std::string& name, const std::string& body) {
  const fs::path dir = fs::temp_directory_path() / ("spipsim_alloc_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path scenario = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";
  std::ofstream(dir / name) << "scenario = \"" << scenario.string() << "\"\n" << body;
  return dir / name;
}

std::string problems_of(const fs::path& file) {
  try {
    load_allocation_file(file);
  } catch (const params::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(AllocationFile, ABudgetBuysWholePosts) {
  const AllocationFile a =
      load_allocation_file(write_file("budget.toml", "budget_eur = 1000000\npost_cost_eur = 60000\n"));
  EXPECT_EQ(a.posts, 16u);  // floor(1e6 / 6e4) = 16
  EXPECT_EQ(a.step, 1u);
  EXPECT_EQ(a.objective, AllocationObjective::ReconvictionsAvoided);
}

TEST(AllocationFile, ABudgetNeedsThePostCostAndMustBuyAPost) {
  EXPECT_NE(problems_of(write_file("no-cost.toml", "budget_eur = 1000000\n")).find("post_cost_eur"),
            std::string::npos);
  EXPECT_NE(problems_of(write_file("too-small.toml", "budget_eur = 100\npost_cost_eur = 60000\n"))
                .find("buys 0 posts"),
            std::string::npos);
  EXPECT_NE(problems_of(write_file("nothing.toml", "step = 2\n")).find("posts"), std::string::npos);
}

TEST(AllocationFile, EveryKeyIsReadAndTheDecidedLeverCannotBeSet) {
  const AllocationFile a = load_allocation_file(write_file(
      "full.toml",
      "posts = 30\nstep = 3\nsites = [\"21\", \"2A\"]\nreplicates = 5\nseed = 9\n"
      "objective = \"cost\"\nmin_per_site = 1\nmax_per_site = 20\nworkload_cap = 55.5\n"
      "[set]\nrun.years = 2.0\n"));
  EXPECT_EQ(a.posts, 30u);
  EXPECT_EQ(a.step, 3u);
  EXPECT_EQ(a.sites, (std::vector<std::string>{"21", "2A"}));
  EXPECT_EQ(*a.replicates, 5u);
  EXPECT_EQ(*a.seed, 9u);
  EXPECT_EQ(a.objective, AllocationObjective::Cost);
  EXPECT_EQ(a.min_per_site, 1u);
  EXPECT_EQ(*a.max_per_site, 20u);
  EXPECT_DOUBLE_EQ(*a.workload_cap, 55.5);
  ASSERT_EQ(a.fixed.size(), 1u);
  const std::string refused =
      problems_of(write_file("lever.toml", "posts = 3\n[set]\nstaffing.added_posts = \"21:3\"\n"));
  EXPECT_NE(refused.find("lever.toml:4:10: key 'set.staffing.added_posts': is what the allocation decides"), std::string::npos)
      << refused;
}

TEST(AllocationFile, TheMethodAndItsScreenAreReadAndCheckedWithTheirLine) {
  const AllocationFile plain = load_allocation_file(write_file("plain.toml", "posts = 3\n"));
  EXPECT_EQ(plain.method, AllocationMethod::OneAtATime);  // the default
  EXPECT_EQ(plain.screen, 0u);
  const AllocationFile a = load_allocation_file(
      write_file("simultaneous.toml", "posts = 3\nmethod = \"simultaneous\"\nscreen = 2\n"));
  EXPECT_EQ(a.method, AllocationMethod::Simultaneous);
  EXPECT_EQ(a.screen, 2u);

  const std::string misspelt =
      problems_of(write_file("misspelt.toml", "posts = 3\nmethod = \"simultaneus\"\n"));
  EXPECT_NE(misspelt.find("misspelt.toml:3:10: key 'method': expected one of one_at_a_time, "
                          "simultaneous"),
            std::string::npos)
      << misspelt;
  EXPECT_NE(misspelt.find("did you mean 'simultaneous'"), std::string::npos) << misspelt;
  const std::string zero = problems_of(
      write_file("zero.toml", "posts = 3\nmethod = \"simultaneous\"\nscreen = 0\n"));
  EXPECT_NE(zero.find("zero.toml:4:10: key 'screen': must be between 1 and"), std::string::npos)
      << zero;
  const std::string alone = problems_of(write_file("alone.toml", "posts = 3\nscreen = 2\n"));
  EXPECT_NE(alone.find("alone.toml:3:10: key 'screen': needs method = \"simultaneous\""),
            std::string::npos)
      << alone;
}

}  // namespace
}  // namespace spipsim::experiment
