// `spipsim compare` end to end: small-site against small-site with 25% more officers, and
// the bad input it must refuse before running anything. NEEDS THE MODEL's small-site.toml.
#include "cli_fixture.hpp"
#include "sim/io/h5_file_reader.hpp"

namespace spipsim::cli_test {
namespace {

class CompareTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    small_site_ = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";
    // The variant extends the real file by absolute path, so it is small-site in all else.
    write("staff.toml", "description = \"small-site, staffing +25%\"\nextends = \"" +
                            small_site_.string() + "\"\n[staffing]\nofficer_scale = 1.25\n");
  }
  fs::path small_site_;
};

TEST_F(CompareTest, WritesTheFileAndPrintsJson) {
  if (!fs::exists(small_site_)) GTEST_SKIP() << small_site_ << " does not exist";
  Result r = spipsim("compare '" + small_site_.string() +
                     "' staff.toml --replicates 4 --years 2 --quiet --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_TRUE(valid_json(r.out)) << r.out;
  EXPECT_NE(r.out.find("\"base\": \"small-site\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"staff\": {"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"replicates\": 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"cost_per_reconviction_avoided\""), std::string::npos) << r.out;

  fs::path file = dir_ / "out" / "small-site-vs-staff.h5";  // the default --out
  ASSERT_TRUE(fs::exists(file));
  EXPECT_FALSE(fs::exists(dir_ / "out" / "small-site-vs-staff.h5.tmp"));
  io::H5FileReader reader = io::H5FileReader::open(file);
  EXPECT_EQ(reader.string_attribute("/", "spipsim_kind"), "compare");
  EXPECT_TRUE(reader.has("/comparison/staff"));
  EXPECT_TRUE(reader.has("/scenarios/small-site/summary"));
  EXPECT_TRUE(reader.has("/scenarios/staff/timeseries/national"));
  EXPECT_EQ(reader.int_attribute("/manifest", "replicates"), 4);
  // The variant ran with the base's seed and the overridden years, and says so.
  io::Table list = reader.table("/scenario_list");
  const auto& texts = std::get<std::vector<std::string>>(list.find("scenario_text")->values);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_NE(texts[1].find("officer_scale = 1.25"), std::string::npos);
  EXPECT_NE(texts[1].find("years = 2.0"), std::string::npos);
}

TEST_F(CompareTest, PrintsOneTablePerVariant) {
  if (!fs::exists(small_site_)) GTEST_SKIP() << small_site_ << " does not exist";
  Result r = spipsim("compare '" + small_site_.string() + "' staff.toml staff.toml -r 2 -y 1 " +
                     "--out c.h5");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("staff against small-site"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("staff-2 against small-site"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("difference [95% CI]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" pp "), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("results written to c.h5"), std::string::npos) << r.err;
}

TEST_F(CompareTest, EveryProblemOfEveryFileIsReportedAndNothingRuns) {
  write("bad1.toml", "[run]\nyears = 1000\n");
  write("bad2.toml", "[staffing]\noficer_scale = 2\n");
  Result r = spipsim("compare bad1.toml bad2.toml absent.toml --quiet");
  EXPECT_EQ(r.status, 2) << r.err;
  for (const char* text :
       {"bad1.toml:2:", "run.years", "bad2.toml:2:", "officer_scale", "absent.toml"})
    EXPECT_NE(r.err.find(text), std::string::npos) << "stderr lacks '" << text << "':\n" << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(CompareTest, BadCommandLineAndOutputAreRefused) {
  write("ok.toml", "[run]\nyears = 1\n");
  Result one = spipsim("compare ok.toml --quiet");  // a base and no variant
  EXPECT_EQ(one.status, 2) << one.err;
  Result bounds = spipsim("compare ok.toml ok.toml --years 0 --quiet");
  EXPECT_EQ(bounds.status, 2) << bounds.err;
  EXPECT_NE(bounds.err.find("<command line>"), std::string::npos) << bounds.err;
  write("file", "not a directory");
  Result out = spipsim("compare ok.toml ok.toml --out file/c.h5 --quiet");
  EXPECT_EQ(out.status, 2) << out.err;
  EXPECT_NE(out.err.find("file/c.h5"), std::string::npos) << out.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

}  // namespace
}  // namespace spipsim::cli_test
