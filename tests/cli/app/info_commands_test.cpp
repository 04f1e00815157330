// spipsim --version and spipsim params.
#include "cli_fixture.hpp"

namespace spipsim::cli_test {
namespace {

TEST_F(CliTest, VersionNamesTheReleaseAndTheGitRevision) {
  Result r = spipsim("--version");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("spipsim " SPIPSIM_VERSION " (git ", 0), 0u) << r.out;
}

TEST_F(CliTest, ParamsListsTheParameterTable) {
  Result r = spipsim("params");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("run.years"), std::string::npos);
  EXPECT_NE(r.out.find("run.replicates"), std::string::npos);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(CliTest, ParamsMarkdownIsTheCommittedDocumentation) {
  fs::path doc = fs::path(SPIPSIM_SOURCE_DIR) / "docs" / "parameters.md";
  if (!fs::exists(doc)) GTEST_SKIP() << doc << " does not exist yet";
  Result r = spipsim("params --markdown");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, read_text(doc))
      << "docs/parameters.md is stale: regenerate it with `spipsim params --markdown`";
}

TEST_F(CliTest, NoSubcommandIsBadInput) {
  Result r = spipsim("");
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(r.err.empty());
}

}  // namespace
}  // namespace spipsim::cli_test
