// `spipsim calibrate` end to end on a tiny problem (small-site, 1 replicate, 2 years): the
// fitted scenario extends the original and loads; a second run replays the journal without
// simulating; a cut last journal line is dropped; bad calibration files are refused with
// file:line:col diagnostics and exit 2.
#include "cli_fixture.hpp"

namespace spipsim::cli_test {
namespace {

class CalibrateTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    source_ = fs::path(SPIPSIM_SOURCE_DIR);
  }
  // One free parameter, two targets: enough to exercise the search, the journal and the
  // fitted file in a few seconds.
  std::string calibration(const std::string& extra = "", int budget = 4) {
    return "description = \"test\"\n"
           "scenario = \"" +
           (source_ / "scenarios" / "small-site.toml").string() +
           "\"\n"
           "targets = \"" +
           (source_ / "data" / "targets.toml").string() +
           "\"\n"
           "output = \"fitted.toml\"\n"
           "output_description = \"fitted small-site\"\n"
           "replicates = 1\nseed = 7\nbudget = " +
           std::to_string(budget) +
           "\n"
           "[reduced]\nrun.years = 2.0\nrun.warmup_years = 1.0\n"
           "[[parameter]]\nname = \"recidivism.baseline_scale\"\nlower = 0.5\nupper = 2.5\n"
           "prior_mean = 1.3\nprior_sd = 0.3\nprior_source = \"test\"\n"
           "[[target]]\nmetric = \"release_reconviction_6m\"\n"
           "[[target]]\nmetric = \"caseload_per_officer\"\ntolerance = 10\n" +
           extra;
  }
  fs::path source_;
};

TEST_F(CalibrateTest, WritesTheFittedScenarioAndResumesFromItsJournal) {
  write("calib.toml", calibration());
  Result first = spipsim("calibrate calib.toml --threads 1");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("4 evaluations (4 simulated"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("release_reconviction_6m"), std::string::npos) << first.out;
  EXPECT_NE(first.err.find("calibrate: evaluation 1/4"), std::string::npos) << first.err;
  std::string fitted = read_text(dir_ / "fitted.toml");
  EXPECT_NE(fitted.find("extends = \""), std::string::npos) << fitted;
  EXPECT_NE(fitted.find("[recidivism]\nbaseline_scale = "), std::string::npos) << fitted;
  EXPECT_NE(fitted.find("# Seed 7, 1 replicates per evaluation, budget 4"), std::string::npos);
  ASSERT_TRUE(fs::exists(dir_ / "fitted.toml.journal"));

  // The fitted file is a scenario: `run` accepts it.
  Result run = spipsim("run fitted.toml --replicates 1 --years 1 --quiet --out fitted.h5");
  EXPECT_EQ(run.status, 0) << run.err;

  // Resumed: every evaluation comes from the journal, and the fit is the same.
  Result again = spipsim("calibrate calib.toml --threads 1");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("4 evaluations (0 simulated"), std::string::npos) << again.out;
  EXPECT_EQ(read_text(dir_ / "fitted.toml").substr(fitted.find("description")),
            fitted.substr(fitted.find("description")));

  // A larger budget continues the same search: only new points are simulated (none when the
  // search comes back to a point it has seen).
  write("calib.toml", calibration("", 5));
  Result more = spipsim("calibrate calib.toml --threads 1");
  ASSERT_EQ(more.status, 0) << more.err;
  EXPECT_NE(more.out.find("5 evaluations ("), std::string::npos) << more.out;
  EXPECT_EQ(more.out.find("(5 simulated"), std::string::npos) << more.out;

  // A line cut by an interruption is dropped and that evaluation is run again.
  std::string journal = read_text(dir_ / "fitted.toml.journal");
  std::ofstream(dir_ / "fitted.toml.journal", std::ios::trunc)
      << journal.substr(0, journal.size() - 10);
  Result cut = spipsim("calibrate calib.toml --threads 1");
  ASSERT_EQ(cut.status, 0) << cut.err;
  EXPECT_NE(cut.out.find("5 evaluations (1 simulated"), std::string::npos) << cut.out;

  // A journal of another calibration is refused, not mixed in.
  write("calib.toml", calibration("weight = 2.0\n", 5));
  Result other = spipsim("calibrate calib.toml --threads 1");
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("another calibration"), std::string::npos) << other.err;
}

TEST_F(CalibrateTest, BadFilesAreRefusedWithEveryProblem) {
  std::string text = calibration(
      "[[target]]\nmetric = \"release_reconviction_13m\"\n"
      "[[target]]\nmetric = \"detained\"\n"
      "[[parameter]]\nname = \"recidivism.baseline_scal\"\nlower = 1\nupper = 2\n"
      "prior_mean = 1.5\nprior_sd = 0.1\nprior_source = \"x\"\n"
      "[[parameter]]\nname = \"staffing.closed_share\"\nlower = 0.4\nupper = 0.2\n"
      "prior_mean = 0.3\nprior_sd = 0.1\nprior_source = \"x\"\n"
      "prior_mode = 1.0\n");
  write("bad.toml", "budgett = 3\n" + text);
  Result r = spipsim("calibrate bad.toml");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("bad.toml:26:10: key 'target.metric': unknown metric "
                       "'release_reconviction_13m' (hint: did you mean "
                       "'release_reconviction_1m'?)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("key 'target.tolerance': no tolerance for detained"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("key 'parameter.name': unknown parameter 'recidivism.baseline_scal'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("key 'parameter.upper': must be above lower"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.toml:1:1: key 'budgett': unknown key (hint: did you mean 'budget'?)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("key 'parameter.prior_mode': unknown key"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "fitted.toml"));

  write("bad-value.toml", calibration() + "[reduced.staffing]\nofficer_scale = 50.0\n");
  Result v = spipsim("calibrate bad-value.toml");
  EXPECT_EQ(v.status, 2);
  EXPECT_NE(v.err.find("bad-value.toml:25:17: key 'staffing.officer_scale': value 50 must be"),
            std::string::npos)
      << v.err;
}

}  // namespace
}  // namespace spipsim::cli_test
