// Bad input end to end: every case exits 2 before simulating, says what is wrong and where
// (file, line, key), and leaves no results file behind.
#include "cli_fixture.hpp"

namespace spipsim::cli_test {
namespace {

class BadInputTest : public CliTest {
 protected:
  // Runs `spipsim run <args> --out result.h5 --quiet`, expects exit status 2 and every one
  // of `expected` in stderr, and checks that no output file (final or temporary) exists.
  void expect_rejected(const std::string& args, std::initializer_list<std::string> expected) {
    Result r = spipsim("run " + args + " --out result.h5 --quiet");
    EXPECT_EQ(r.status, 2) << r.err;
    for (const std::string& text : expected)
      EXPECT_NE(r.err.find(text), std::string::npos) << "stderr lacks '" << text << "':\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(fs::exists(dir_ / "result.h5"));
    EXPECT_FALSE(fs::exists(dir_ / "result.h5.tmp"));
    EXPECT_FALSE(fs::exists(dir_ / "out"));
  }
};

TEST_F(BadInputTest, MalformedToml) {
  write("broken.toml", "description = \"unterminated\n[run]\nyears = 2\n");
  expect_rejected("broken.toml", {"broken.toml:1:"});
}

TEST_F(BadInputTest, UnknownKeyWithSuggestion) {
  write("typo.toml", "[run]\nyears = 2\nreplicate = 3\n");
  expect_rejected("typo.toml", {"typo.toml:3:", "run.replicate'", "run.replicates"});
}

TEST_F(BadInputTest, WrongType) {
  write("type.toml", "[run]\n\nyears = \"ten\"\n");
  expect_rejected("type.toml", {"type.toml:3:", "run.years"});
}

TEST_F(BadInputTest, OutOfBoundsValue) {
  write("bounds.toml", "[run]\nyears = 1000\n");
  expect_rejected("bounds.toml", {"bounds.toml:2:", "run.years", "1000"});
}

TEST_F(BadInputTest, EveryProblemIsReportedAtOnce) {
  write("many.toml", "[run]\nyears = 1000\nreplicates = \"x\"\n");
  expect_rejected("many.toml", {"many.toml:2:", "run.years", "many.toml:3:", "run.replicates"});
}

TEST_F(BadInputTest, MissingFile) {
  expect_rejected("absent.toml", {"absent.toml"});
}

TEST_F(BadInputTest, ExtendsCycle) {
  write("a.toml", "extends = \"b.toml\"\n");
  write("b.toml", "\nextends = \"a.toml\"\n");
  expect_rejected("a.toml", {".toml:", "extends", "cycle"});
}

TEST_F(BadInputTest, OutOfBoundsCommandLineOverride) {
  write("ok.toml", "[run]\nyears = 1\n");
  expect_rejected("ok.toml --years 0 --replicates 0",
                  {"<command line>", "run.years", "run.replicates"});
}

TEST_F(BadInputTest, UnwritableOutputPath) {
  write("ok.toml", "[run]\nyears = 1\n");
  write("file", "not a directory");
  Result r = spipsim("run ok.toml --out file/result.h5 --quiet");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("file/result.h5"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "file" / "result.h5.tmp"));
  r = spipsim("run ok.toml --out missing-dir/result.h5 --quiet");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("missing-dir"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "missing-dir"));
}

TEST_F(BadInputTest, MissingScenarioArgument) {
  Result r = spipsim("run");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("scenario"), std::string::npos) << r.err;
}

// Rules the parameter table cannot check (data files, site codes) are bad input too.
TEST_F(BadInputTest, UnknownSiteCodeAndBadSiteOfficers) {
  std::string data = std::string(SPIPSIM_SOURCE_DIR) + "/data/";
  write("sites.toml", "[world]\ndepartements = \"" + data + "departements.csv\"\nadjacency = \"" +
                          data + "adjacency.csv\"\nsites = \"21,999\"\n");
  expect_rejected("sites.toml", {"sites.toml", "world", "999"});
  write("officers.toml",
        "[world]\ndepartements = \"" + data + "departements.csv\"\nadjacency = \"" + data +
            "adjacency.csv\"\nsites = \"21\"\n[staffing]\nsite_officers = \"21:many\"\n");
  expect_rejected("officers.toml", {"officers.toml", "staffing.site_officers", "21:many"});
  // An added post at a département that is not simulated, and a malformed prisons file.
  write("posts.toml",
        "[world]\ndepartements = \"" + data + "departements.csv\"\nadjacency = \"" + data +
            "adjacency.csv\"\nsites = \"21\"\n[staffing]\nadded_posts = \"21:3,75:10\"\n");
  expect_rejected("posts.toml", {"posts.toml", "staffing.added_posts", "'75'", "not a simulated"});
  write("prisons.csv", "departement_code,disp,detainees_total,detainees_cd_mc_cne\n21,DIJON,324,0\n");
  write("prisons.toml",
        "[world]\ndepartements = \"" + data + "departements.csv\"\nadjacency = \"" + data +
            "adjacency.csv\"\nprisons = \"prisons.csv\"\nsites = \"21\"\n");
  expect_rejected("prisons.toml", {"prisons.toml", "world", "prisons.csv:1", "n_spip_antennes_2015"});
}

}  // namespace
}  // namespace spipsim::cli_test
