// verify_file: an intact file is ok; a value or attribute changed in place (through the
// HDF5 API, as another tool would), a file that was never finished, a foreign HDF5 file, a
// non-HDF5 file, a missing file, an unknown schema and a file without checksum each get
// their own status and a one-line reason.
#include "sim/io/file_verification.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>

#include "sim/io/h5_file_writer.hpp"
#include "sim/io/run_manifest.hpp"
#include "tests/unit/io/temp_dir.hpp"

using namespace spipsim::io;
using spipsim::io::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

namespace {

void write_results(const std::filesystem::path& path, std::int64_t schema_version = 1) {
  H5FileWriter writer(path);
  write_manifest(
      writer,
      make_manifest({.scenario_name = "small", .seed = 7, .schema_version = schema_version}));
  Table t;
  t.add("name", "", "", std::vector<std::string>{"a", "b"})
      .add("mean", "1", "", std::vector<double>{0.25, 0.5});
  writer.table("/summary", t);
  writer.commit();
}

// Opens `path` read-write with the plain HDF5 API and hands the file id to `change`.
template <class Change>
void edit_in_place(const std::filesystem::path& path, Change change) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  change(file);
  ASSERT_GE(H5Fclose(file), 0);
}

void set_int_attribute(hid_t file, const char* name, std::int64_t value) {
  hid_t attribute = H5Aopen(file, name, H5P_DEFAULT);
  ASSERT_GE(attribute, 0);
  EXPECT_GE(H5Awrite(attribute, H5T_NATIVE_INT64, &value), 0);
  H5Aclose(attribute);
}

}  // namespace

TEST(VerifyFile, IntactFileIsOk) {
  TempDir dir;
  write_results(dir / "run.h5");
  FileVerification v = verify_file(dir / "run.h5");
  EXPECT_TRUE(v.ok()) << v.reason;
  EXPECT_EQ(v.kind, "run");
  EXPECT_EQ(v.schema_version, 1);
  EXPECT_EQ(v.spipsim_version, spipsim_version());
  EXPECT_THAT(v.checksum, MatchesRegex("fnv1a64:[0-9a-f]{16}"));
  EXPECT_TRUE(v.reason.empty());
}

TEST(VerifyFile, ValueChangedInPlaceIsAChecksumMismatch) {
  TempDir dir;
  write_results(dir / "run.h5");
  edit_in_place(dir / "run.h5", [](hid_t file) {
    hid_t dataset = H5Dopen2(file, "/summary/mean", H5P_DEFAULT);
    ASSERT_GE(dataset, 0);
    double values[2] = {0.25, 0.75};
    EXPECT_GE(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), 0);
    H5Dclose(dataset);
  });
  FileVerification v = verify_file(dir / "run.h5");
  EXPECT_EQ(v.status, FileStatus::checksum_mismatch);
  EXPECT_THAT(v.reason, StartsWith("checksum mismatch (stored fnv1a64:"));
  EXPECT_THAT(v.reason, HasSubstr("changed after it was written"));
}

TEST(VerifyFile, AttributeChangedInPlaceIsAChecksumMismatch) {
  TempDir dir;
  write_results(dir / "run.h5");
  edit_in_place(dir / "run.h5", [](hid_t file) {
    hid_t manifest = H5Gopen2(file, "/manifest", H5P_DEFAULT);
    ASSERT_GE(manifest, 0);
    set_int_attribute(manifest, "replicates", 99);
    H5Gclose(manifest);
  });
  EXPECT_EQ(verify_file(dir / "run.h5").status, FileStatus::checksum_mismatch);
}

TEST(VerifyFile, UnfinishedFileIsIncomplete) {
  TempDir dir;
  {
    H5FileWriter writer(dir / "run.h5");
    write_manifest(writer, make_manifest({.scenario_name = "small"}));
    writer.flush();
    // What a killed run leaves behind.
    std::filesystem::copy_file(writer.temporary_path(), dir / "killed.h5.tmp");
  }
  FileVerification v = verify_file(dir / "killed.h5.tmp");
  EXPECT_EQ(v.status, FileStatus::incomplete);
  EXPECT_THAT(v.reason, StartsWith("incomplete (complete = 0"));
  // The flag set back to 0 on a finished file is caught the same way.
  write_results(dir / "done.h5");
  edit_in_place(dir / "done.h5", [](hid_t file) { set_int_attribute(file, "complete", 0); });
  EXPECT_EQ(verify_file(dir / "done.h5").status, FileStatus::incomplete);
}

TEST(VerifyFile, ForeignHdf5FileIsNotASpipsimFile) {
  TempDir dir;
  hid_t file = H5Fcreate((dir / "other.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  hid_t group = H5Gcreate2(file, "/data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose(group);
  H5Fclose(file);
  FileVerification v = verify_file(dir / "other.h5");
  EXPECT_EQ(v.status, FileStatus::not_spipsim);
  EXPECT_THAT(v.reason, StartsWith("not a spipsim results file"));
}

TEST(VerifyFile, TextFileIsNotHdf5AndMissingFileIsMissing) {
  TempDir dir;
  std::ofstream(dir / "notes.h5") << "not HDF5 at all\n";
  FileVerification v = verify_file(dir / "notes.h5");
  EXPECT_EQ(v.status, FileStatus::not_hdf5);
  EXPECT_EQ(v.reason, "not an HDF5 file");
  EXPECT_EQ(verify_file(dir / "absent.h5").status, FileStatus::missing);
  EXPECT_EQ(verify_file(dir.path()).status, FileStatus::missing);
}

TEST(VerifyFile, UnknownSchemaVersionIsUnsupported) {
  TempDir dir;
  write_results(dir / "future.h5", 2);
  FileVerification v = verify_file(dir / "future.h5");
  EXPECT_EQ(v.status, FileStatus::unsupported_schema);
  EXPECT_THAT(v.reason, StartsWith("unsupported schema version 2"));
}

TEST(VerifyFile, FileWithoutChecksumCannotBeVerified) {
  TempDir dir;
  write_results(dir / "old.h5");
  edit_in_place(dir / "old.h5",
                [](hid_t file) { EXPECT_GE(H5Adelete(file, "content_checksum"), 0); });
  FileVerification v = verify_file(dir / "old.h5");
  EXPECT_EQ(v.status, FileStatus::no_checksum);
  EXPECT_THAT(v.reason, StartsWith("no content checksum"));
}

TEST(VerifyFile, TruncatedCopyIsUnreadable) {
  TempDir dir;
  write_results(dir / "run.h5");
  std::filesystem::copy_file(dir / "run.h5", dir / "cut.h5");
  std::filesystem::resize_file(dir / "cut.h5", std::filesystem::file_size(dir / "run.h5") / 2);
  FileVerification v = verify_file(dir / "cut.h5");
  EXPECT_EQ(v.status, FileStatus::unreadable);
  EXPECT_THAT(v.reason, StartsWith("unreadable (cannot open results file"));
  EXPECT_THAT(v.reason, HasSubstr("truncated"));
}
