// `calibrate` killed with SIGKILL at random moments, then run again until it finishes: the
// fitted scenario is the same bytes as an uninterrupted calibration's (but for its line with
// the date), nothing lost; and its journal holds the same number of evaluations, each once,
// nothing counted twice. Kill moments are drawn from a fixed seed, uniformly over the
// duration of an uninterrupted calibration measured first. SPIPSIM_CALIBRATE_KILLS sets the
// number of kills (default 12) for a longer run by hand.
#include <cstdlib>
#include <random>
#include <set>

#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

using Clock = std::chrono::steady_clock;

class CalibrateKillTest : public SweepTest {
 protected:
  // One free parameter, two targets, 6 evaluations of one replicate of one simulated year.
  void SetUp() override {
    SweepTest::SetUp();
    const fs::path source(SPIPSIM_SOURCE_DIR);
    write("calib.toml",
          "description = \"kill test\"\nscenario = \"" + small_site_.string() + "\"\ntargets = \"" +
              (source / "data" / "targets.toml").string() +
              "\"\noutput = \"fitted.toml\"\noutput_description = \"fitted\"\n"
              "replicates = 1\nseed = 7\nbudget = 6\n"
              "[reduced]\nrun.years = 1.0\nrun.warmup_years = 1.0\n"
              "[[parameter]]\nname = \"recidivism.baseline_scale\"\nlower = 0.5\nupper = 2.5\n"
              "prior_mean = 1.3\nprior_sd = 0.3\nprior_source = \"test\"\n"
              "[[target]]\nmetric = \"release_reconviction_6m\"\n"
              "[[target]]\nmetric = \"caseload_per_officer\"\ntolerance = 10\n");
  }

  // The fitted scenario without its second line (build and date of writing).
  std::string fitted_without_date() {
    std::string text = read_text(dir_ / "fitted.toml");
    const auto first = text.find('\n');
    const auto second = first == std::string::npos ? first : text.find('\n', first + 1);
    EXPECT_NE(second, std::string::npos) << text;
    return second == std::string::npos ? text : text.substr(0, first) + text.substr(second);
  }

  // The evaluations in the journal: records after the 40-byte header, each its length (8
  // bytes), its payload and its check hash (8 bytes); the payload's key is its second field.
  std::multiset<std::string> journal_keys() {
    const std::string bytes = read_text(dir_ / "fitted.toml.journal");
    std::multiset<std::string> keys;
    std::size_t at = 40;
    while (at + 16 <= bytes.size()) {
      std::uint64_t length = 0;
      std::memcpy(&length, bytes.data() + at, 8);
      if (at + 16 + length > bytes.size()) break;
      const std::string line = bytes.substr(at + 8, length);
      const auto tab = line.find('\t');
      keys.insert(line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1));
      at += 16 + length;
    }
    EXPECT_EQ(at, bytes.size()) << "a finished calibration leaves no torn record";
    return keys;
  }
};

TEST_F(CalibrateKillTest, KilledAtRandomMomentsResumesToTheSameFit) {
  const auto started = Clock::now();
  Result reference = spipsim("calibrate calib.toml --threads 1 --quiet");
  ASSERT_EQ(reference.status, 0) << reference.err;
  const auto duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  const std::string fitted = fitted_without_date();
  const std::multiset<std::string> keys = journal_keys();
  ASSERT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size());
  ASSERT_GE(keys.size(), 5u) << "the reference simulates most of its budget";
  auto start_afresh = [&] {
    fs::remove(dir_ / "fitted.toml");
    fs::remove(dir_ / "fitted.toml.journal");
  };
  start_afresh();

  const char* wanted = std::getenv("SPIPSIM_CALIBRATE_KILLS");
  const int target = wanted ? std::atoi(wanted) : 12;
  std::mt19937 random(20261202);
  std::uniform_int_distribution<long> moment(0, duration.count());
  int kills = 0, finished = 0;
  for (int attempt = 0; attempt < 10 * target && kills < target; ++attempt) {
    const pid_t pid = start("calibrate calib.toml --threads 1 --quiet");
    std::this_thread::sleep_for(std::chrono::milliseconds(moment(random)));
    int status = 0;
    const bool ended = ::waitpid(pid, &status, WNOHANG) == pid;
    if (!ended) {
      ::kill(pid, SIGKILL);
      status = wait_exit(pid);
    } else {
      status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (status == 0) {  // it finished before its kill: the fit is the reference's
      EXPECT_EQ(fitted_without_date(), fitted);
      EXPECT_EQ(journal_keys(), keys);
      ++finished;
      start_afresh();
      continue;
    }
    ASSERT_EQ(status, 128 + SIGKILL) << read_text(dir_ / "bg-stderr.txt");
    ++kills;
  }
  // The last round, run to the end.
  Result last = spipsim("calibrate calib.toml --threads 1 --quiet");
  ASSERT_EQ(last.status, 0) << last.err;
  EXPECT_EQ(fitted_without_date(), fitted);
  EXPECT_EQ(journal_keys(), keys) << "every evaluation once, none lost";
  EXPECT_FALSE(fs::exists(dir_ / "fitted.toml.tmp"));
  EXPECT_EQ(kills, target);
  std::cout << "calibrate: " << kills << " SIGKILLs, " << finished
            << " rounds finished before their kill, over calibrations of about " << duration.count()
            << " ms\n";
}

// A record that passes its check hash but holds a number std::stod refused made every
// resume fail (exit 1, "spipsim: stod") until the reader was fixed: a subnormal, which
// exact() can write, is now read back as it is; a number beyond a double's range, or
// text, ends the journal there like a torn record, and the calibration simulates that
// evaluation (and the ones after it) again.
TEST_F(CalibrateKillTest, ARecordWithANumberOutOfRangeIsCutOffNotFatal) {
  write("calib.toml",
        read_text(dir_ / "calib.toml")
            .replace(read_text(dir_ / "calib.toml").find("budget = 6"), 10, "budget = 2"));
  ASSERT_EQ(spipsim("calibrate calib.toml --threads 1 --quiet").status, 0);
  const std::string fitted = fitted_without_date();
  const std::string bytes = read_text(dir_ / "fitted.toml.journal");
  for (const std::string number : {"4.9406564584124654e-324", "1e999", "abc"}) {
    // The first record with its objective (third field) replaced, and a new check hash.
    std::uint64_t length = 0;
    std::memcpy(&length, bytes.data() + 40, 8);
    std::string line = bytes.substr(48, length);
    const auto second_tab = line.find('\t', line.find('\t') + 1);
    line.replace(second_tab + 1, line.find('\t', second_tab + 1) - second_tab - 1, number);
    std::string record(8, '\0');
    const std::uint64_t new_length = line.size();
    std::memcpy(record.data(), &new_length, 8);
    record += line;
    std::uint64_t check = 0xcbf29ce484222325ULL;
    for (unsigned char c : record) check = (check ^ c) * 0x100000001b3ULL;
    record.append(reinterpret_cast<const char*>(&check), 8);
    std::ofstream(dir_ / "fitted.toml.journal", std::ios::binary | std::ios::trunc)
        << bytes.substr(0, 40) + record + bytes.substr(40 + 16 + length);
    Result resumed = spipsim("calibrate calib.toml --threads 1 --quiet");
    ASSERT_EQ(resumed.status, 0) << number << "\n" << resumed.err;
    if (number.starts_with("4.94")) {
      EXPECT_NE(resumed.out.find("2 evaluations (0 simulated"), std::string::npos) << resumed.out;
      EXPECT_NE(resumed.out.find("Objective 4.94066e-324 = "), std::string::npos) << resumed.out;
    } else {
      EXPECT_NE(resumed.out.find("2 evaluations (2 simulated"), std::string::npos)
          << number << ": the refused record and the one after it are run again\n"
          << resumed.out;
      EXPECT_EQ(fitted_without_date(), fitted) << number;
    }
  }
}

}  // namespace
}  // namespace spipsim::cli_test
