// The content checksum: FNV-1a 64 as published, over the byte stream docs/hdf5-schema.md
// specifies (pinned here by rebuilding that stream by hand), independent of the order of
// writing, and sensitive to any change of a value, an attribute or a string.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string>
#include <vector>

#include "sim/engine/content_hash.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "tests/unit/io/temp_dir.hpp"

using namespace spipsim::io;
using spipsim::io::testing::TempDir;
using ::testing::HasSubstr;

namespace {

std::uint64_t fnv(std::string_view text) {
  return spipsim::engine::ContentHash().bytes(text.data(), text.size()).value();
}

std::string stored_checksum(const std::filesystem::path& file) {
  return H5FileReader::open(file).string_attribute("/", "content_checksum");
}

// The same content, written in two orders; `tweak` changes one thing.
enum class Tweak { none, number, string, attribute };

void write_example(const std::filesystem::path& path, bool reversed, Tweak tweak = Tweak::none) {
  H5FileWriter writer(path);
  Table people;
  people.add("name", "", "who", std::vector<std::string>{"Ana", "Bó", ""})
      .add("age", "years", "", std::vector<std::int64_t>{31, 45, 27})
      .add("risk", "1", "", std::vector<double>{0.25, tweak == Tweak::number ? 0.5000001 : 0.5, 1});
  Table sites;
  sites.add("code", "", "", std::vector<std::string>{"21", tweak == Tweak::string ? "2B" : "2A"});
  auto attributes = [&] {
    writer.attribute("/manifest", "seed", std::uint64_t{42});
    writer.attribute("/manifest", "label", tweak == Tweak::attribute ? "B" : "A");
    writer.attribute("/", "spipsim_kind", "run");
  };
  if (!reversed) {
    attributes();
    writer.table("/people", people);
    writer.table("/sites", sites);
  } else {
    writer.table("/sites", sites);
    writer.table("/people", people);
    writer.attribute("/", "spipsim_kind", "run");
    writer.attribute("/manifest", "label", tweak == Tweak::attribute ? "B" : "A");
    writer.attribute("/manifest", "seed", std::uint64_t{42});
  }
  writer.commit();
}

}  // namespace

TEST(ContentChecksum, HashIsFnv1a64AsPublished) {
  // From the FNV reference test suite (draft-eastlake-fnv, isthe.com/chongo/tech/comp/fnv).
  EXPECT_EQ(fnv(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv("foobar"), 0x85944171f73967e8ULL);
}

TEST(ContentChecksum, WriterStoresItWithItsAlgorithm) {
  TempDir dir;
  write_example(dir / "a.h5", false);
  auto reader = H5FileReader::open(dir / "a.h5");
  EXPECT_EQ(reader.string_attribute("/", "checksum_algorithm"), "fnv1a64");
  std::string hex = reader.string_attribute("/", "content_checksum");
  EXPECT_EQ(hex.size(), 16u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
  EXPECT_EQ(std::stoull(hex, nullptr, 16), reader.content_checksum());
}

TEST(ContentChecksum, SameContentWrittenInAnotherOrderHasTheSameChecksum) {
  TempDir dir;
  write_example(dir / "a.h5", false);
  write_example(dir / "b.h5", true);
  EXPECT_EQ(stored_checksum(dir / "a.h5"), stored_checksum(dir / "b.h5"));
}

TEST(ContentChecksum, AnyChangedValueChangesIt) {
  TempDir dir;
  write_example(dir / "base.h5", false);
  std::string base = stored_checksum(dir / "base.h5");
  for (Tweak tweak : {Tweak::number, Tweak::string, Tweak::attribute}) {
    auto path = dir / ("tweak" + std::to_string(static_cast<int>(tweak)) + ".h5");
    write_example(path, false, tweak);
    EXPECT_NE(stored_checksum(path), base) << path;
  }
}

TEST(ContentChecksum, WriterRefusesToSetTheEnvelopeAttributes) {
  TempDir dir;
  H5FileWriter writer(dir / "run.h5");
  for (const char* name : {"complete", "content_checksum", "checksum_algorithm"})
    EXPECT_THROW(writer.attribute("/", name, std::int64_t{1}), IoError) << name;
}

// The documented stream, rebuilt by hand for a file with one table of one float column.
// With (1 << 20) + 3 rows the column is read in two slabs, which must not show.
class KnownStream : public ::testing::TestWithParam<std::size_t> {};

TEST_P(KnownStream, ChecksumIsTheDocumentedStream) {
  TempDir dir;
  std::vector<double> x(GetParam());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5 * static_cast<double>(i) - 3.0;
  {
    H5FileWriter writer(dir / "t.h5");
    Table t;
    t.add("x", "1", "", x);
    writer.table("/t", t);
    writer.commit();
  }
  spipsim::engine::ContentHash h;
  auto kind = [&](char c) { h.bytes(&c, 1); };
  auto u64 = [&](std::uint64_t n) { h.number(n); };
  auto string_attribute = [&](std::string_view name, std::string_view value) {
    h.text(name);
    h.text("string");
    kind('S');
    h.text(value);
  };
  // "/": no attributes once complete, content_checksum and checksum_algorithm are left out.
  kind('G');
  h.text("/");
  u64(0);
  // "/t": the table's group, attributes in name order.
  kind('G');
  h.text("/t");
  u64(2);
  string_attribute("columns", "x");
  h.text("rows");
  h.text("int64");
  kind('S');
  u64(x.size());  // an int64's bytes, little-endian
  // "/t/x": type, shape, elements, then attributes.
  kind('D');
  h.text("/t/x");
  h.text("float64");
  kind('A');
  u64(1);
  u64(x.size());
  static_assert(std::endian::native == std::endian::little, "the test writes doubles as in memory");
  h.bytes(x.data(), x.size() * sizeof(double));
  u64(2);
  string_attribute("description", "");
  string_attribute("unit", "1");

  auto reader = H5FileReader::open(dir / "t.h5");
  EXPECT_EQ(reader.content_checksum(), h.value());
  EXPECT_EQ(std::stoull(reader.string_attribute("/", "content_checksum"), nullptr, 16), h.value());
}

INSTANTIATE_TEST_SUITE_P(Rows, KnownStream, ::testing::Values(3, (std::size_t{1} << 20) + 3));
