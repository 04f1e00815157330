// The results file appears at its final path only when complete: during writing only the
// ".tmp" exists, a writer that is not committed leaves nothing, and a bad --out fails
// before anything is written, with a message that names the path and says what to do.
#include "sim/io/h5_file_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "sim/io/h5_file_reader.hpp"
#include "tests/unit/io/temp_dir.hpp"

using namespace spipsim::io;
using spipsim::io::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

Table small_table() {
  Table t;
  t.add("x", "1", "", std::vector<double>{1, 2, 3});
  return t;
}

std::string construction_error(const std::filesystem::path& path) {
  try {
    H5FileWriter writer(path);
  } catch (const IoError& e) {
    return e.what();
  }
  return "no error";
}

std::string check_writable_error(const std::filesystem::path& path) {
  try {
    H5FileWriter::check_writable(path);
  } catch (const IoError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(H5FileWriter, OnlyTheTemporaryFileExistsUntilCommit) {
  TempDir dir;
  auto final_path = dir / "run.h5";
  H5FileWriter writer(final_path);
  EXPECT_EQ(writer.temporary_path(), dir / "run.h5.tmp");
  writer.table("/summary", small_table());
  EXPECT_THAT(dir.entries(), ElementsAre("run.h5.tmp"));
  writer.commit();
  EXPECT_THAT(dir.entries(), ElementsAre("run.h5"));
  auto reader = H5FileReader::open(final_path);
  EXPECT_EQ(reader.int_attribute("/", "complete"), 1);
  EXPECT_THROW(writer.commit(), IoError);
  EXPECT_THROW(writer.table("/again", small_table()), IoError);
}

TEST(H5FileWriter, TemporaryFileSaysIncompleteBeforeCommit) {
  TempDir dir;
  H5FileWriter writer(dir / "run.h5");
  writer.table("/summary", small_table());
  writer.flush();
  // A copy taken mid-run (as a crash would leave it) must read as incomplete.
  std::filesystem::copy_file(writer.temporary_path(), dir / "snapshot.h5");
  auto reader = H5FileReader::open(dir / "snapshot.h5");
  EXPECT_EQ(reader.int_attribute("/", "complete"), 0);
}

TEST(H5FileWriter, WriterDestroyedWithoutCommitLeavesNoFile) {
  TempDir dir;
  {
    H5FileWriter writer(dir / "run.h5");
    writer.table("/summary", small_table());
  }
  EXPECT_THAT(dir.entries(), IsEmpty());
}

TEST(H5FileWriter, FailedCommitKeepsAnEarlierResultUntouched) {
  TempDir dir;
  std::ofstream(dir / "run.h5") << "previous results";
  {
    H5FileWriter writer(dir / "run.h5");
    Table bad;
    bad.add("a", "1", "", std::vector<double>{1}).add("b", "1", "", std::vector<double>{});
    EXPECT_THROW(writer.table("/summary", bad), IoError);
    try {
      writer.commit();
      FAIL() << "committed after a failed write";
    } catch (const IoError& e) {
      EXPECT_THAT(e.what(), HasSubstr("earlier write failure"));
    }
  }
  EXPECT_THAT(dir.entries(), ElementsAre("run.h5"));
  std::ifstream in(dir / "run.h5");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "previous results");
}

TEST(H5FileWriter, LengthMismatchNamesTheColumn) {
  TempDir dir;
  H5FileWriter writer(dir / "run.h5");
  Table t;
  t.add("offices", "1", "", std::vector<std::int64_t>{1, 2})
      .add("cost_eur", "EUR", "", std::vector<double>{1.0});
  try {
    writer.table("/costs", t);
    FAIL() << "wrote a ragged table";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'/costs'"));
    EXPECT_THAT(e.what(), HasSubstr("column 'cost_eur'"));
  }
}

TEST(H5FileWriter, WritingATableTwiceIsANamedError) {
  TempDir dir;
  H5FileWriter writer(dir / "run.h5");
  writer.table("/summary", small_table());
  try {
    writer.table("/summary", small_table());
    FAIL() << "wrote a dataset twice";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'/summary/x'"));
    EXPECT_THAT(e.what(), HasSubstr("already exists"));
  }
}

TEST(H5FileWriter, MissingDirectoryIsReportedWithWhatToDo) {
  TempDir dir;
  auto path = dir / "no_such_dir" / "run.h5";
  for (const std::string& message : {construction_error(path), check_writable_error(path)}) {
    EXPECT_THAT(message, HasSubstr(path.string()));
    EXPECT_THAT(message, HasSubstr("does not exist (create it or choose another --out)"));
  }
  EXPECT_THAT(dir.entries(), IsEmpty());
}

TEST(H5FileWriter, ParentThatIsAFileOrATargetThatIsADirectoryIsRejected) {
  TempDir dir;
  std::ofstream(dir / "plain") << "x";
  EXPECT_THAT(construction_error(dir / "plain" / "run.h5"), HasSubstr("is not a directory"));
  std::filesystem::create_directory(dir / "taken.h5");
  EXPECT_THAT(construction_error(dir / "taken.h5"), HasSubstr("it is a directory"));
  EXPECT_THAT(dir.entries(), ElementsAre("plain", "taken.h5"));
}

TEST(H5FileWriter, UnwritableDirectoryIsReportedBeforeAnythingIsWritten) {
  TempDir dir;
  std::filesystem::path locked = dir / "locked";
  std::filesystem::create_directory(locked);
  std::filesystem::permissions(
      locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  // root ignores permissions; sysfs refuses new files even to root.
  if (::geteuid() == 0) locked = "/sys";
  if (!std::filesystem::is_directory(locked)) GTEST_SKIP() << "no unwritable directory here";
  auto path = locked / "run.h5";
  for (const std::string& message : {construction_error(path), check_writable_error(path)}) {
    EXPECT_THAT(message, HasSubstr(path.string()));
    EXPECT_THAT(message, HasSubstr("choose another --out"));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(H5FileWriter::temporary_path_for(path)));
  std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_all);
}

TEST(H5FileWriter, CheckWritableLeavesNoTrace) {
  TempDir dir;
  EXPECT_NO_THROW(H5FileWriter::check_writable(dir / "run.h5"));
  EXPECT_THAT(dir.entries(), IsEmpty());
}

// A write that runs out of room (here: the process file-size limit, which fails writes the
// way a full disk does) becomes an IoError saying so, and leaves no file behind.
TEST(H5FileWriterDeathTest, WriteFailuresAreReportedAndLeaveNoFile) {
  TempDir dir;
  std::vector<double> noise(1 << 20);
  for (std::size_t i = 0; i < noise.size(); ++i)
    noise[i] = std::sin(double(i) * 12.9898) * 43758.5453;
  Table big;
  big.add("noise", "1", "incompressible", noise);
  auto write_beyond_limit = [&] {
    std::signal(SIGXFSZ, SIG_IGN);  // so the write fails with EFBIG instead of killing us
    rlimit limit{256 * 1024, 256 * 1024};
    setrlimit(RLIMIT_FSIZE, &limit);
    bool reported = false;
    try {
      H5FileWriter writer(dir / "run.h5");
      writer.table("/big", big);
      writer.commit();
    } catch (const IoError& e) {
      std::cerr << e.what() << "\n";
      reported = true;
    }
    std::exit(reported && dir.entries().empty() ? 0 : 1);
  };
  EXPECT_EXIT(write_beyond_limit(), ::testing::ExitedWithCode(0), "run.h5.tmp.*size limit");
}
