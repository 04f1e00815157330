// The front door against hostile or careless input (issue 13): special files and the
// command's own inputs at --out are refused before any work and left untouched; inputs must
// be regular files (a FIFO would block, a device never ends); absurd thread counts and
// designs get a one-line error before any work; report refuses a damaged file; two sweeps on
// one --out do not race. Special files are made in the test's temporary folder.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <chrono>

#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

using Clock = std::chrono::steady_clock;

class FrontDoorTest : public SweepTest {
 protected:
  void SetUp() override {
    SweepTest::SetUp();
    write("tiny.toml", "extends = \"" + small_site_.string() +
                           "\"\n[run]\nyears = 1.0\nwarmup_years = 1.0\nreplicates = 1\n");
  }

  // Like spipsim(), but killed after `seconds`: a command that blocks on a FIFO fails the
  // test (status 124 from timeout) instead of hanging the suite.
  Result spipsim_within(int seconds, const std::string& args) {
    return spipsim_prefixed("timeout -s KILL " + std::to_string(seconds) + " ", args);
  }

  // Makes each kind of special file at `name` in dir_; false when this one cannot be made
  // here (a character device needs root).
  bool make_special(const std::string& kind, const std::string& name) {
    const fs::path path = dir_ / name;
    if (kind == "fifo") return ::mkfifo(path.c_str(), 0644) == 0;
    if (kind == "device") return ::mknod(path.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0;
    if (kind == "symlink") {
      write("target.h5", "a file the link points to");
      fs::create_symlink("target.h5", path);
      return true;
    }
    if (kind == "directory") return fs::create_directory(path);
    return false;
  }

  static mode_t type_of(const fs::path& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) return 0;
    return info.st_mode & S_IFMT;
  }

  // Exit 2, every one of `expected` on stderr in one line, and nothing written.
  static void expect_refused(const Result& r, std::initializer_list<std::string> expected) {
    EXPECT_EQ(r.status, 2) << r.err;
    for (const std::string& text : expected)
      EXPECT_NE(r.err.find(text), std::string::npos) << "stderr lacks '" << text << "':\n"
                                                      << r.err;
  }

  void expect_nothing_written() {
    for (const auto& entry : fs::directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      EXPECT_FALSE(name.ends_with(".tmp") || name.ends_with(".journal") ||
                   name.find(".probe-") != std::string::npos)
          << name << " left behind";
    }
    EXPECT_FALSE(fs::exists(dir_ / "out")) << "the default folder was made for a refusal";
  }
};

// --- --out: only a regular file that is none of the inputs ----------------------------

TEST_F(FrontDoorTest, OutRefusesEverySpecialFileAndLeavesItAlone) {
  const std::map<std::string, std::string> words{{"fifo", "a FIFO"},
                                                 {"device", "a character device"},
                                                 {"symlink", "a symbolic link"},
                                                 {"directory", "a directory"}};
  int tried = 0;
  for (const auto& [kind, word] : words) {
    const std::string name = "special-" + kind;
    if (!make_special(kind, name)) continue;
    ++tried;
    const mode_t before = type_of(dir_ / name);
    // Each command that writes results, with an --out that is special.
    for (const std::string command :
         {"run tiny.toml", "compare tiny.toml tiny.toml", "sweep grid.toml"}) {
      const auto started = Clock::now();
      Result r = spipsim_within(60, command + " --quiet --out " + name);
      expect_refused(r, {name, word, "choose another --out"});
      EXPECT_LT(Clock::now() - started, std::chrono::seconds(10)) << "refused after work";
      EXPECT_EQ(type_of(dir_ / name), before) << command << ": " << kind << " was replaced";
    }
    if (kind == "symlink") {
      EXPECT_EQ(read_text(dir_ / "target.h5"), "a file the link points to");
    }
    fs::remove(dir_ / name);
  }
  EXPECT_GE(tried, 3);
  expect_nothing_written();
}

TEST_F(FrontDoorTest, OutRefusesTheCommandsOwnInputs) {
  const std::string tiny = read_text(dir_ / "tiny.toml");
  const std::string grid = read_text(dir_ / "grid.toml");
  write("variant.toml", "extends = \"tiny.toml\"\n[staffing]\nofficer_scale = 1.1\n");
  const std::string variant = read_text(dir_ / "variant.toml");
  expect_refused(spipsim("run tiny.toml --quiet --out tiny.toml"), {"the scenario", "tiny.toml"});
  // A hard link is the same file under another name.
  fs::create_hard_link(dir_ / "tiny.toml", dir_ / "alias.h5");
  expect_refused(spipsim("run tiny.toml --quiet --out alias.h5"), {"the scenario", "alias.h5"});
  expect_refused(spipsim("compare tiny.toml variant.toml --quiet --out variant.toml"),
                 {"a variant", "variant.toml"});
  expect_refused(spipsim("compare tiny.toml variant.toml --quiet --out ./tiny.toml"),
                 {"the base scenario"});
  expect_refused(spipsim("sweep grid.toml --quiet --out grid.toml"), {"the design"});
  // The sweep's journal is written beside the results: it may not be an input either.
  write("r.h5.journal", grid);
  expect_refused(spipsim("sweep r.h5.journal --quiet --out r.h5"), {"journal", "the design"});
  EXPECT_EQ(read_text(dir_ / "r.h5.journal"), grid);
  fs::remove(dir_ / "r.h5.journal");
  EXPECT_EQ(read_text(dir_ / "tiny.toml"), tiny);
  EXPECT_EQ(read_text(dir_ / "variant.toml"), variant);
  EXPECT_EQ(read_text(dir_ / "grid.toml"), grid);
  fs::remove(dir_ / "alias.h5");
  expect_nothing_written();
}

TEST_F(FrontDoorTest, MergeRefusesAShardAsItsOutput) {
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --shard 1/2 --out s1.h5").status, 0);
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --shard 2/2 --out s2.h5").status, 0);
  const std::string before = read_text(dir_ / "s1.h5");
  expect_refused(spipsim("merge s1.h5 s2.h5 --quiet --out s1.h5"), {"a shard", "s1.h5"});
  EXPECT_EQ(read_text(dir_ / "s1.h5"), before);
  EXPECT_EQ(spipsim("merge s1.h5 s2.h5 --quiet --out merged.h5").status, 0);
}

// --- inputs: regular files only, checked before reading --------------------------------

TEST_F(FrontDoorTest, SpecialFilesAsInputsAreNamedNotRead) {
  ASSERT_TRUE(make_special("fifo", "pipe"));
  ASSERT_TRUE(make_special("directory", "folder"));
  // Each would have blocked on the FIFO forever; timeout kills a regression (status 137).
  expect_refused(spipsim_within(20, "run pipe --quiet --out r.h5"), {"pipe", "FIFO"});
  expect_refused(spipsim_within(20, "compare tiny.toml pipe --quiet --out r.h5"), {"FIFO"});
  expect_refused(spipsim_within(20, "sweep pipe --quiet --out r.h5"), {"the design", "FIFO"});
  expect_refused(spipsim_within(20, "sweep folder --quiet --out r.h5"), {"a directory"});
  expect_refused(spipsim_within(20, "calibrate pipe --quiet"), {"the study file", "FIFO"});
  expect_refused(spipsim_within(20, "validate folder --quiet"), {"a directory"});
  expect_refused(spipsim_within(20, "merge pipe --quiet --out m.h5"), {"pipe", "FIFO"});
  expect_refused(spipsim_within(20, "report pipe"), {"pipe", "FIFO"});
  Result check = spipsim_within(20, "check pipe folder /dev/null");
  EXPECT_EQ(check.status, 2) << check.err;
  EXPECT_NE(check.out.find("pipe: is a FIFO (named pipe), not a results file"), std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("folder: is a directory"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("/dev/null: is a character device"), std::string::npos) << check.out;
  // A data path pointed at an endless device was read until memory ran out.
  write("endless.toml", "extends = \"tiny.toml\"\n[world]\ndepartements = \"/dev/zero\"\n");
  expect_refused(spipsim_within(20, "run endless.toml --quiet --out r.h5"),
                 {"/dev/zero", "a character device"});
  write("piped.toml", "extends = \"tiny.toml\"\n[world]\nadjacency = \"pipe\"\n");
  expect_refused(spipsim_within(20, "run piped.toml --quiet --out r.h5"), {"FIFO"});
  expect_nothing_written();
}

// Found by fuzz_results_file: four bytes changed in a sweep shard make HDF5 1.10 itself
// crash (a segmentation fault in H5HG_read, reading a variable-length string attribute).
// check, merge and report verify in a child process and say "unreadable" instead of dying.
TEST_F(FrontDoorTest, AFileOnWhichHdf5CrashesIsUnreadableNotACrash) {
  const fs::path data = fs::path(SPIPSIM_SOURCE_DIR) / "tests/cli/app/data";
  ASSERT_EQ(std::system(("gzip -dc '" + (data / "hdf5-global-heap-crash.h5.gz").string() +
                         "' > '" + (dir_ / "crafted.h5").string() + "'")
                            .c_str()),
            0);
  Result check = spipsim_within(60, "check crafted.h5");
  EXPECT_EQ(check.status, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("crafted.h5: unreadable (the HDF5 library crashed"), std::string::npos)
      << check.out;
  expect_refused(spipsim_within(60, "merge crafted.h5 --quiet --out m.h5"),
                 {"crafted.h5", "unreadable"});
  expect_refused(spipsim_within(60, "report crafted.h5 --out rep"), {"crafted.h5", "unreadable"});
  EXPECT_FALSE(fs::exists(dir_ / "m.h5"));
}

// Found by fuzz_results_file: a damaged run file on which HDF5 allocates without end (3.8 GB
// in 8 s, then the machine's memory). The verifying child has a memory and a CPU bound.
TEST_F(FrontDoorTest, AFileOnWhichHdf5AllocatesWithoutEndIsUnreadable) {
  const fs::path data = fs::path(SPIPSIM_SOURCE_DIR) / "tests/cli/app/data";
  ASSERT_EQ(std::system(("gzip -dc '" + (data / "hdf5-endless-allocation.h5.gz").string() +
                         "' > '" + (dir_ / "crafted.h5").string() + "'")
                            .c_str()),
            0);
  Result check = spipsim_within(150, "check crafted.h5");
  EXPECT_EQ(check.status, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("crafted.h5: unreadable"), std::string::npos) << check.out;
  // And one on which HDF5 loops without end: the child's CPU bound (10 s here) ends it.
  ASSERT_EQ(std::system(("gzip -dc '" + (data / "hdf5-endless-loop.h5.gz").string() + "' > '" +
                         (dir_ / "looping.h5").string() + "'")
                            .c_str()),
            0);
  Result loop = spipsim_within(150, "check looping.h5");
  EXPECT_EQ(loop.status, 1) << loop.out << loop.err;
  EXPECT_NE(loop.out.find("looping.h5: unreadable"), std::string::npos) << loop.out;
}

// A directory, FIFO or device given as `targets` was reported as "does not exist".
TEST_F(FrontDoorTest, TargetsThatAreNotFilesAreNamedForWhatTheyAre) {
  ASSERT_TRUE(make_special("fifo", "pipe"));
  ASSERT_TRUE(make_special("directory", "folder"));
  const std::string head = "description = \"t\"\nscenario = \"tiny.toml\"\nreplicates = 1\n";
  for (const auto& [targets, word] : std::map<std::string, std::string>{
           {"pipe", "is a FIFO (named pipe)"},
           {"folder", "is a directory"},
           {"/dev/null", "is a character device"}}) {
    write("study.toml", head + "targets = \"" + targets + "\"\n[[target]]\nmetric = "
                                "\"release_reconviction_6m\"\n");
    expect_refused(spipsim_within(20, "validate study.toml --quiet --targets-only"),
                   {"study.toml", "targets", word});
  }
}

TEST_F(FrontDoorTest, EmptySiteListIsAnErrorNotAllOfFrance) {
  write("nosites.toml", "extends = \"tiny.toml\"\n[world]\nsites = \"\"\n");
  expect_refused(spipsim_within(30, "run nosites.toml --quiet --out r.h5"),
                 {"world.sites", "\"all\""});
  EXPECT_FALSE(fs::exists(dir_ / "r.h5"));
}

// A double holds every integer only up to 2^53: out-of-bounds seeds were echoed rounded
// (18446744073709551615 as ...616), which sent users hunting for a typo they did not make.
TEST_F(FrontDoorTest, SeedsNear2To64AreEchoedExactly) {
  for (const std::string seed : {"18446744073709551615", "9007199254740993"}) {
    expect_refused(spipsim("run tiny.toml --quiet --out r.h5 --seed " + seed),
                   {"run.seed", "value " + seed + " must be"});
    expect_refused(spipsim("sweep grid.toml --quiet --out r.h5 --seed " + seed),
                   {"value " + seed + " must be"});
  }
  write("seeded.toml", "extends = \"tiny.toml\"\n[run]\nseed = 9007199254740993\n");
  expect_refused(spipsim("run seeded.toml --quiet --out r.h5"),
                 {"seeded.toml:3:", "value 9007199254740993 must be"});
  expect_nothing_written();
}

// --- sizes: a one-line error before any work ----------------------------------------------

TEST_F(FrontDoorTest, AbsurdThreadCountsAreOneLineErrors) {
  for (const std::string threads : {"1000000", "10000", "1025", "-1"}) {
    const auto started = Clock::now();
    Result r = spipsim_within(20, "run tiny.toml --quiet --out r.h5 --threads " + threads);
    EXPECT_EQ(r.status, 2) << threads << ": " << r.err;
    EXPECT_NE(r.err.find("--threads " + threads), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1024"), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 400u) << "not a one-line error: " << r.err;
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
    EXPECT_FALSE(fs::exists(dir_ / "r.h5"));
  }
  EXPECT_EQ(spipsim("run tiny.toml --quiet --out r.h5 --threads 1024").status, 0)
      << "the bound itself is allowed";
}

TEST_F(FrontDoorTest, HugeDesignsAreRefusedBeforeTheirPointsAreDrawn) {
  const std::string one = "[[parameter]]\nname = \"staffing.officer_scale\"\nmin = 0.8\nmax = 1.2\n";
  // Each count within the reader's own bounds, the product not: 10^6 points x 10^4 replicates.
  std::string lhs = design("latin_hypercube", "points = 1000000\n" + one);
  lhs.replace(lhs.find("replicates = 2"), 14, "replicates = 10000");
  write("lhs.toml", lhs);
  write("sobol.toml", design("sobol", "base_samples = 1000000\n" + one));
  // 100 levels of 3 parameters: 10^6 points x 2 replicates.
  std::string grid;
  for (const auto& [name, from] : std::map<std::string, double>{{"staffing.officer_scale", 0.5},
                                                                {"digital.remote_share", 0.0},
                                                                {"recidivism.baseline_scale", 0.5}}) {
    grid += "[[parameter]]\nname = \"" + name + "\"\nvalues = [";
    for (int i = 0; i < 100; ++i) grid += (i ? ", " : "") + std::to_string(from + i / 1000.0);
    grid += "]\n";
  }
  write("bigrid.toml", design("grid", grid));
  for (const auto& [file, words] :
       std::map<std::string, std::vector<std::string>>{
           {"lhs.toml", {"points", "10000000000 tasks", "at most 1000000"}},
           {"sobol.toml", {"base_samples", "3000000 points", "at most 1000000"}},
           {"bigrid.toml", {"product of the grid's levels", "at most 1000000"}}}) {
    const auto started = Clock::now();
    Result r = spipsim_within(30, "sweep " + file + " --quiet --out r.h5");
    EXPECT_EQ(r.status, 2) << file << ": " << r.err;
    for (const std::string& w : words)
      EXPECT_NE(r.err.find(w), std::string::npos) << file << " lacks '" << w << "': " << r.err;
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(5)) << file;
  }
  expect_nothing_written();
}

// --- checks that came too late ------------------------------------------------------------

TEST_F(FrontDoorTest, ReportRefusesAFileWhoseChecksumDoesNotMatch) {
  ASSERT_EQ(spipsim("run tiny.toml --quiet --out r.h5").status, 0);
  // Change one value in place, as bit rot or a hand edit would: still HDF5, still complete.
  write("tamper.py",
        "import h5py, sys\n"
        "f = h5py.File(sys.argv[1], 'a')\n"
        "found = []\n"
        "f.visititems(lambda n, o: found.append(o) if isinstance(o, h5py.Dataset) and "
        "o.dtype.kind == 'f' and o.ndim == 1 and o.size > 0 and o[0] == o[0] and "
        "not n.startswith('manifest') else None)\n"
        "found[0][0] = found[0][0] + 1.0\n"
        "f.close()\n");
  const std::string tamper = "cd '" + dir_.string() + "' && /usr/bin/python3 tamper.py r.h5";
  ASSERT_EQ(std::system(tamper.c_str()), 0);
  Result r = spipsim("report r.h5 --out rep");
  expect_refused(r, {"spipsim: r.h5", "checksum mismatch"});
  EXPECT_FALSE(fs::exists(dir_ / "rep" / "report.html"));
}

TEST_F(FrontDoorTest, ValidateAndCalibrateCheckTheirOutputsBeforeRunning) {
  const fs::path source(SPIPSIM_SOURCE_DIR);
  const fs::path study = source / "validation" / "small-site.toml";
  ASSERT_TRUE(make_special("fifo", "pipe"));
  const auto started = Clock::now();
  expect_refused(spipsim_within(20, "validate '" + study.string() + "' --quiet --out pipe"),
                 {"report", "a FIFO"});
  expect_refused(spipsim_within(20, "validate '" + study.string() + "' --quiet --out missing/r.md"),
                 {"missing", "does not exist"});
  expect_refused(spipsim_within(20, "validate '" + study.string() + "' --quiet --out '" +
                                        study.string() + "'"),
                 {"the study file"});
  write("cal.toml", "description = \"t\"\nscenario = \"" +
                        (source / "scenarios" / "small-site.toml").string() +
                        "\"\ntargets = \"" + (source / "data" / "targets.toml").string() +
                        "\"\noutput = \"fitted.toml\"\noutput_description = \"f\"\n"
                        "replicates = 1\nseed = 7\nbudget = 2\n[reduced]\nrun.years = 1.0\n"
                        "[[parameter]]\nname = \"recidivism.baseline_scale\"\nlower = 0.5\n"
                        "upper = 2.5\nprior_mean = 1.3\nprior_sd = 0.3\nprior_source = \"t\"\n"
                        "[[target]]\nmetric = \"release_reconviction_6m\"\n");
  const std::string cal = read_text(dir_ / "cal.toml");
  expect_refused(spipsim_within(20, "calibrate cal.toml --quiet --journal pipe"),
                 {"journal", "a FIFO"});
  expect_refused(spipsim_within(20, "calibrate cal.toml --quiet --journal cal.toml"),
                 {"journal", "the study file"});
  expect_refused(spipsim_within(20, "calibrate cal.toml --quiet --journal fitted.toml"),
                 {"fitted scenario", "fitted.toml", "the journal"});
  EXPECT_EQ(read_text(dir_ / "cal.toml"), cal);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(30)) << "checked only after a run";
  EXPECT_FALSE(fs::exists(dir_ / "fitted.toml"));
}

// Two sweeps on one --out: the second is refused while the first holds the journal's lock,
// and the first finishes unharmed.
TEST_F(FrontDoorTest, SecondSweepOnTheSameOutIsRefused) {
  const pid_t first = start("sweep grid.toml --quiet --threads 1 --out same.h5");
  ASSERT_TRUE(wait_for_journal(dir_ / "same.h5.journal", 0, first)) << "first sweep ended early";
  Result second = spipsim("sweep grid.toml --quiet --threads 1 --out same.h5");
  EXPECT_EQ(second.status, 2) << second.err;
  EXPECT_NE(second.err.find("another spipsim is running on the same results file"), std::string::npos) << second.err;
  EXPECT_EQ(wait_exit(first), 0) << read_text(dir_ / "bg-stderr.txt");
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --out alone.h5").status, 0);
  expect_same_tables(dir_ / "same.h5", dir_ / "alone.h5");
}

// Ctrl-C or SIGTERM at any moment of a command's life ends it promptly with nothing written:
// while it still reads its inputs (a 3.9 MB scenario, just under the 4 MiB bound, with
// 130 000 dated changes) the process exits at once, nothing of its own being on disk;
// once it runs, the run stops cleanly. (Before, a signal during the load waited for the
// whole load: 47 s for a large scenario, which the size bound now refuses.)
TEST_F(FrontDoorTest, InterruptAtAnyMomentEndsPromptlyWithNothingWritten) {
  std::string big = "extends = \"tiny.toml\"\n";
  for (int i = 0; big.size() < 3'900'000; ++i)
    big += "[[change]]\nat = 2030-01-01\nstaffing.officer_scale = 1." + std::to_string(i % 10) +
           "\n";
  write("big.toml", big);
  int k = 0;
  for (int delay_ms : {100, 250, 500, 900})
    for (int signal : {SIGINT, SIGTERM}) {
      // A fresh --out each time: a second run on one --out would resume the replicates the
      // first one kept, and finish before its signal.
      // Appended in place: "r" + std::to_string(...) made gcc 12 warn (-Wrestrict, a false
      // positive of operator+(const char*, string&&) at -O3).
      std::string out = "r";
      out += std::to_string(k++);
      out += ".h5";
      const pid_t pid =
          start("run big.toml --quiet --years 20 --replicates 8 --threads 1 --out " + out);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      const auto sent = Clock::now();
      ::kill(pid, signal);
      const int status = wait_exit(pid);
      // 130 from the handler; 128 + signal if it came before the handler was installed.
      EXPECT_TRUE(status == 130 || status == 128 + signal)
          << "after " << delay_ms << " ms: " << status << read_text(dir_ / "bg-stderr.txt");
      EXPECT_LT(Clock::now() - sent, std::chrono::seconds(3)) << "after " << delay_ms << " ms";
      EXPECT_FALSE(fs::exists(dir_ / out));
      EXPECT_FALSE(fs::exists(dir_ / (out + ".tmp")));
    }
  // (Finished replicates are kept in r.h5.journal and r.h5.replicates/ for a resume.)
}

}  // namespace
}  // namespace spipsim::cli_test
