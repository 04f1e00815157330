// `spipsim check` on files as a user meets them (a finished run, one changed afterwards, a
// killed run's ".tmp", a missing file), and `spipsim run` when the results cannot be
// written: a full disk (simulated by a file-size limit) or an unwritable directory gives a
// clear error and no file under the final name. The runs NEED THE MODEL (small-site.toml).
#include <gmock/gmock.h>
#include <hdf5.h>

#include "cli_fixture.hpp"
#include "sim/io/h5_file_writer.hpp"

namespace spipsim::cli_test {
namespace {

const fs::path kScenario = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";

class CheckTest : public CliTest {
 protected:
  // A small finished run at dir_/name.
  void run_small(const std::string& name) {
    Result r = spipsim("run '" + kScenario.string() + "' -r 1 -y 1 --quiet --out " + name);
    ASSERT_EQ(r.status, 0) << r.err;
  }
};

TEST_F(CheckTest, FinishedRunIsOk) {
  if (!fs::exists(kScenario)) GTEST_SKIP() << kScenario << " does not exist yet";
  run_small("r.h5");
  Result r = spipsim("check r.h5");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, ::testing::MatchesRegex("r\\.h5: ok \\(kind run, schema 1, spipsim "
                                             "[0-9.]+, checksum fnv1a64:[0-9a-f]{16}\\)\n"));
  EXPECT_TRUE(r.err.empty()) << r.err;
  Result json = spipsim("check r.h5 --json");
  EXPECT_EQ(json.status, 0);
  EXPECT_TRUE(valid_json(json.out)) << json.out;
  EXPECT_NE(json.out.find("\"status\": \"ok\""), std::string::npos) << json.out;
}

TEST_F(CheckTest, FileChangedAfterWritingFails) {
  if (!fs::exists(kScenario)) GTEST_SKIP() << kScenario << " does not exist yet";
  run_small("r.h5");
  hid_t file = H5Fopen((dir_ / "r.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  hid_t dataset = H5Dopen2(file, "/summary/mean", H5P_DEFAULT);
  ASSERT_GE(dataset, 0);
  hsize_t one = 1, first = 0;
  hid_t space = H5Dget_space(dataset);
  H5Sselect_hyperslab(space, H5S_SELECT_SET, &first, nullptr, &one, nullptr);
  hid_t memory = H5Screate_simple(1, &one, nullptr);
  double value = 0.123;  // the first headline, edited as a careless script would
  EXPECT_GE(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, &value), 0);
  H5Sclose(memory);
  H5Sclose(space);
  H5Dclose(dataset);
  H5Fclose(file);
  Result r = spipsim("check r.h5");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("r.h5: checksum mismatch (stored fnv1a64:"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;  // no HDF5 error stack
}

TEST_F(CheckTest, KilledRunsTemporaryFileIsIncomplete) {
  {
    io::H5FileWriter writer(dir_ / "r.h5");
    writer.attribute("/", "spipsim_kind", "run");
    writer.flush();
    fs::copy_file(writer.temporary_path(), dir_ / "killed.h5.tmp");  // as SIGKILL leaves it
  }
  Result r = spipsim("check killed.h5.tmp");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.rfind("killed.h5.tmp: incomplete (complete = 0", 0), 0u) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(CheckTest, MissingFileIsBadInputOthersAreStillChecked) {
  write("notes.txt", "plain text\n");
  Result r = spipsim("check absent.h5 notes.txt");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("absent.h5: does not exist\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("notes.txt: not an HDF5 file\n"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(spipsim("check notes.txt").status, 1);
  EXPECT_EQ(spipsim("check").status, 2);  // no file at all
}

// A full disk, simulated without root or mounts: past `ulimit -f` (here 64 KiB, smaller than
// the person table) every write fails with EFBIG, as writes to a full disk fail with ENOSPC.
TEST_F(CheckTest, RunIntoAFullDiskFailsClearlyAndLeavesNoFile) {
  if (!fs::exists(kScenario)) GTEST_SKIP() << kScenario << " does not exist yet";
  std::string command = "cd '" + dir_.string() + "' && bash -c 'ulimit -f 64; exec \"" +
                        SPIPSIM_BINARY + "\" run \"" + kScenario.string() +
                        "\" -r 1 -y 1 --quiet --person-table --out r.h5' > stdout.txt "
                        "2> stderr.txt < /dev/null";
  int raw = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(raw)) << "killed by signal " << WTERMSIG(raw) << " (SIGXFSZ not ignored?)";
  std::string err = read_text(dir_ / "stderr.txt");
  EXPECT_EQ(WEXITSTATUS(raw), 1) << err;
  EXPECT_NE(err.find("spipsim: "), std::string::npos) << err;
  EXPECT_NE(err.find("r.h5.tmp"), std::string::npos) << err;
  EXPECT_NE(err.find("size limit"), std::string::npos) << err;
  EXPECT_NE(err.find("File too large"), std::string::npos) << err;  // strerror, as HDF5 saw it
  EXPECT_EQ(err.find("buf = 0x"), std::string::npos) << "HDF5's driver details:\n" << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << "one line, no HDF5 error stack:\n" << err;
  EXPECT_FALSE(fs::exists(dir_ / "r.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "r.h5.tmp"));
}

TEST_F(CheckTest, RunIntoAnUnwritableDirectoryFailsBeforeRunning) {
  fs::path locked = dir_ / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  if (::geteuid() == 0) locked = "/sys";  // root ignores permissions; sysfs refuses files
  write("ok.toml", "[run]\nyears = 1\n");
  fs::path out = locked / "r.h5";
  Result r = spipsim("run ok.toml --quiet --out '" + out.string() + "'");
  fs::permissions(dir_ / "locked", fs::perms::owner_all);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot create results file '" + out.string() + "'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("choose another --out"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(io::H5FileWriter::temporary_path_for(out)));
}

}  // namespace
}  // namespace spipsim::cli_test
