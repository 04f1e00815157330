// What H5FileWriter writes, H5FileReader reads back unchanged: every column type, empty
// tables, unicode text, attributes of every kind and 2-D datasets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "tests/unit/io/temp_dir.hpp"

using namespace spipsim::io;
using spipsim::io::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

Table departments() {
  Table t;
  t.add("department", "", "French département of the probation office",
        std::vector<std::string>{"Côte-d'Or", "Finistère", "", "Île-de-France ✓"})
      .add("caseload", "persons", "people followed per officer",
           std::vector<std::int64_t>{0, -3, std::numeric_limits<std::int64_t>::max(), 42})
      .add("cost_eur", "EUR", "yearly cost",
           std::vector<double>{1.5, -0.0, 1e300, std::numeric_limits<double>::infinity()});
  return t;
}

Table empty_table() {
  Table t;
  t.add("label", "", "no rows", std::vector<std::string>{})
      .add("count", "1", "no rows", std::vector<std::int64_t>{})
      .add("share", "1", "no rows", std::vector<double>{});
  return t;
}

template <class T>
const std::vector<T>& values(const Table& t, std::string_view name) {
  return std::get<std::vector<T>>(t.find(name)->values);
}

}  // namespace

TEST(H5RoundTrip, TablesOfEveryColumnTypeReadBackInColumnOrder) {
  TempDir dir;
  {
    H5FileWriter writer(dir / "out.h5");
    writer.table("/summary", departments());
    writer.table("tables/empty", empty_table());
    writer.table("/no_columns", Table{});
    writer.commit();
  }
  auto reader = H5FileReader::open(dir / "out.h5");
  Table back = reader.table("summary");
  Table expected = departments();
  ASSERT_EQ(back.columns.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.columns[i].name, expected.columns[i].name);
    EXPECT_EQ(back.columns[i].unit, expected.columns[i].unit);
    EXPECT_EQ(back.columns[i].description, expected.columns[i].description);
  }
  EXPECT_EQ(values<std::string>(back, "department"), values<std::string>(expected, "department"));
  EXPECT_EQ(values<std::int64_t>(back, "caseload"), values<std::int64_t>(expected, "caseload"));
  EXPECT_EQ(values<double>(back, "cost_eur"), values<double>(expected, "cost_eur"));
  EXPECT_TRUE(std::signbit(values<double>(back, "cost_eur")[1]));  // bit-exact, -0.0 kept
  EXPECT_EQ(reader.string_attribute("/summary", "columns"), "department,caseload,cost_eur");
  EXPECT_EQ(reader.int_attribute("/summary", "rows"), 4);

  Table empty = reader.table("/tables/empty");
  EXPECT_EQ(empty.columns.size(), 3u);
  EXPECT_EQ(empty.rows(), 0u);
  EXPECT_TRUE(std::holds_alternative<std::vector<std::string>>(empty.columns[0].values));
  EXPECT_EQ(reader.table("/no_columns").columns.size(), 0u);
}

TEST(H5RoundTrip, LargeTablesSpanSeveralChunks) {
  TempDir dir;
  std::vector<double> x(200000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(double(i));
  Table t;
  t.add("x", "1", "a wave", x);
  {
    H5FileWriter writer(dir / "big.h5");
    writer.table("/wave", t);
    writer.commit();
  }
  EXPECT_EQ(values<double>(H5FileReader::open(dir / "big.h5").table("/wave"), "x"), x);
}

TEST(H5RoundTrip, AttributesOfEveryKindOnGroupsCreatedOnDemand) {
  TempDir dir;
  {
    H5FileWriter writer(dir / "out.h5");
    writer.attribute("/manifest", "scenario_name", "Côte-d'Or baseline");
    writer.attribute("/manifest", "years", 10.5);
    writer.attribute("/manifest", "replicates", std::int64_t{-7});
    writer.attribute("/manifest", "seed", std::numeric_limits<std::uint64_t>::max());
    writer.attribute("/a/b/c", "small_int", 3);               // int widens to int64
    writer.attribute("/", "note", std::string(100000, 'x'));  // beyond the 64 KiB header limit
    writer.attribute("/manifest", "years", 12.0);             // replaces
    writer.commit();
  }
  auto reader = H5FileReader::open(dir / "out.h5");
  EXPECT_EQ(reader.string_attribute("/manifest", "scenario_name"), "Côte-d'Or baseline");
  EXPECT_EQ(reader.number_attribute("manifest", "years"), 12.0);
  EXPECT_EQ(reader.int_attribute("/manifest", "replicates"), -7);
  EXPECT_EQ(reader.number_attribute("/manifest", "replicates"), -7.0);
  EXPECT_EQ(reader.uint_attribute("/manifest", "seed"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(reader.int_attribute("/a/b/c", "small_int"), 3);
  EXPECT_EQ(reader.string_attribute("/", "note").size(), 100000u);
  EXPECT_TRUE(reader.has("/a/b"));
  EXPECT_FALSE(reader.has("/a/x"));
  EXPECT_FALSE(reader.has("/missing/deeper"));
  EXPECT_TRUE(reader.has_attribute("/", "complete"));
  EXPECT_FALSE(reader.has_attribute("/manifest", "absent"));
  EXPECT_THAT(reader.list_group("/"), ElementsAre("a", "manifest"));
  EXPECT_THAT(reader.list_group("/a/b"), ElementsAre("c"));
}

TEST(H5RoundTrip, WrongAttributeKindsAndMissingObjectsAreNamedErrors) {
  TempDir dir;
  {
    H5FileWriter writer(dir / "out.h5");
    writer.attribute("/manifest", "name", "x");
    writer.attribute("/manifest", "years", 1.5);
    writer.commit();
  }
  auto reader = H5FileReader::open(dir / "out.h5");
  auto message = [&](auto&& read) -> std::string {
    try {
      read();
    } catch (const IoError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(message([&] { reader.number_attribute("/manifest", "name"); }),
              HasSubstr("'name' of '/manifest'"));
  EXPECT_THAT(message([&] { reader.int_attribute("/manifest", "years"); }),
              HasSubstr("not a single integer"));
  EXPECT_THAT(message([&] { reader.string_attribute("/manifest", "absent"); }),
              HasSubstr("no attribute 'absent'"));
  EXPECT_THAT(message([&] { reader.table("/nowhere"); }), HasSubstr("'/nowhere' in"));
  EXPECT_THAT(message([&] { reader.table("/manifest"); }), HasSubstr("is not a table"));
}

TEST(H5RoundTrip, TwoDimensionalDatasetsKeepShapeAndLabels) {
  TempDir dir;
  std::vector<double> m{1, 2, 3, 4, 5, 6};
  {
    H5FileWriter writer(dir / "out.h5");
    writer.dataset_2d("/series/caseload", 2, 3, m, "persons", "caseload by month x office");
    writer.dataset_2d("/series/none", 0, 3, {}, "persons", "no months yet");
    EXPECT_THROW(writer.dataset_2d("/series/bad", 2, 2, m, "1", ""), IoError);
  }  // the throw poisoned that writer; write again
  {
    H5FileWriter writer(dir / "out.h5");
    writer.dataset_2d("/series/caseload", 2, 3, m, "persons", "caseload by month x office");
    writer.dataset_2d("/series/none", 0, 3, {}, "persons", "no months yet");
    writer.commit();
  }
  auto reader = H5FileReader::open(dir / "out.h5");
  Dataset2d back = reader.dataset_2d("/series/caseload");
  EXPECT_EQ(back.rows, 2u);
  EXPECT_EQ(back.cols, 3u);
  EXPECT_EQ(back.row_major, m);
  EXPECT_EQ(back.unit, "persons");
  EXPECT_EQ(back.description, "caseload by month x office");
  EXPECT_EQ(reader.dataset_2d("/series/none").rows, 0u);
  EXPECT_THAT(reader.list_group("/series"), ElementsAre("caseload", "none"));
}

TEST(H5RoundTrip, ReaderRejectsMissingAndNonHdf5Files) {
  TempDir dir;
  try {
    H5FileReader::open(dir / "absent.h5");
    FAIL() << "opened a missing file";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("absent.h5"));
    EXPECT_THAT(e.what(), HasSubstr("does not exist"));
  }
  std::ofstream(dir / "text.h5") << "not hdf5 at all\n";
  try {
    H5FileReader::open(dir / "text.h5");
    FAIL() << "opened a text file";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("text.h5"));
    EXPECT_THAT(e.what(), HasSubstr("not an HDF5 file"));
  }
}
