#include "sim/io/run_manifest.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "tests/unit/io/temp_dir.hpp"

using namespace spipsim::io;
using spipsim::io::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(RunManifest, IsStampedWithThisBuildAndTheTime) {
  RunManifest m = make_manifest({.command_line = "spipsim run x.toml", .seed = 7});
  EXPECT_EQ(m.spipsim_version, spipsim_version());
  EXPECT_EQ(m.git_revision, git_revision());
  EXPECT_FALSE(m.spipsim_version.empty());
  EXPECT_FALSE(m.git_revision.empty());
  EXPECT_THAT(m.created_utc,
              MatchesRegex("20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z"));
  EXPECT_EQ(m.command_line, "spipsim run x.toml");
  EXPECT_EQ(m.seed, 7u);
  EXPECT_EQ(m.kind, "run");
  EXPECT_EQ(m.schema_version, 1);
}

TEST(RunManifest, FormatsUtcTimesAsIso8601) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(1709301909), "2024-03-01T14:05:09Z");
}

TEST(RunManifest, QuotesCommandLinesSoAShellSplitsThemBack) {
  const char* argv[] = {"spipsim", "run", "--out", "my results.h5", "--note=it's", ""};
  EXPECT_EQ(quote_command_line(6, argv), "spipsim run --out 'my results.h5' '--note=it'\\''s' ''");
}

TEST(RunManifest, RoundTripsThroughAResultsFile) {
  TempDir dir;
  RunManifest written = make_manifest({
      .command_line = "spipsim run scenarios/côte-d'or.toml --seed 18446744073709551615",
      .scenario_name = "Côte-d'Or baseline",
      .scenario_text = "# resolved\n[officers]\ncount = 12\n" + std::string(70000, '#'),
      .scenario_description = "What happens when caseloads double.",
      .seed = std::numeric_limits<std::uint64_t>::max(),
      .replicates = 200,
      .years = 5.5,
  });
  {
    H5FileWriter writer(dir / "run.h5");
    write_manifest(writer, written);
    writer.commit();
  }
  auto reader = H5FileReader::open(dir / "run.h5");
  RunManifest read = read_manifest(reader);
  EXPECT_EQ(read.spipsim_version, written.spipsim_version);
  EXPECT_EQ(read.git_revision, written.git_revision);
  EXPECT_EQ(read.command_line, written.command_line);
  EXPECT_EQ(read.scenario_name, written.scenario_name);
  EXPECT_EQ(read.scenario_text, written.scenario_text);
  EXPECT_EQ(read.scenario_description, written.scenario_description);
  EXPECT_EQ(read.seed, written.seed);
  EXPECT_EQ(read.replicates, 200);
  EXPECT_EQ(read.years, 5.5);
  EXPECT_EQ(read.created_utc, written.created_utc);
  EXPECT_EQ(read.kind, "run");
  EXPECT_EQ(read.schema_version, 1);
  EXPECT_EQ(reader.int_attribute("/", "spipsim_schema_version"), 1);
  EXPECT_EQ(reader.string_attribute("/", "spipsim_kind"), "run");
}

TEST(RunManifest, ReadingAForeignFileSaysItIsNotSpipsim) {
  TempDir dir;
  {
    H5FileWriter writer(dir / "other.h5");
    writer.commit();
  }
  try {
    read_manifest(H5FileReader::open(dir / "other.h5"));
    FAIL() << "read a manifest that is not there";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("other.h5"));
    EXPECT_THAT(e.what(), HasSubstr("no spipsim manifest"));
  }
}
