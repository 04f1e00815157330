#include "sim/io/table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/io_error.hpp"

using namespace spipsim::io;
using ::testing::HasSubstr;

namespace {

std::string validation_error(const Table& table) {
  try {
    table.validate("/summary");
  } catch (const IoError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Table, CountsRowsAndFindsColumnsByName) {
  Table t;
  t.add("year", "a", "calendar year", std::vector<std::int64_t>{2025, 2026})
      .add("cost_eur", "EUR", "total cost", std::vector<double>{1.5, 2.5});
  EXPECT_EQ(t.rows(), 2u);
  ASSERT_NE(t.find("cost_eur"), nullptr);
  EXPECT_EQ(t.find("cost_eur")->unit, "EUR");
  EXPECT_EQ(t.find("missing"), nullptr);
  EXPECT_NO_THROW(t.validate("/summary"));
  EXPECT_EQ(Table{}.rows(), 0u);
}

TEST(Table, LengthMismatchNamesTableAndColumn) {
  Table t;
  t.add("a", "1", "", std::vector<double>{1, 2, 3})
      .add("b", "1", "", std::vector<std::string>{"x", "y"});
  std::string message = validation_error(t);
  EXPECT_THAT(message, HasSubstr("'/summary'"));
  EXPECT_THAT(message, HasSubstr("column 'b' has 2 rows"));
  EXPECT_THAT(message, HasSubstr("'a' has 3"));
}

TEST(Table, RejectsNamesThatCannotBeStored) {
  for (std::string name : {"", ".", "a/b", "a,b"}) {
    Table t;
    t.add(name, "1", "", std::vector<double>{1});
    EXPECT_THAT(validation_error(t), HasSubstr("invalid name")) << "name: " << name;
  }
  Table twice;
  twice.add("a", "1", "", std::vector<double>{1}).add("a", "1", "", std::vector<double>{2});
  EXPECT_THAT(validation_error(twice), HasSubstr("column 'a' appears twice"));
}

TEST(Table, RejectsStringsWithNulBytes) {
  Table t;
  t.add("label", "", "", std::vector<std::string>{"ok", std::string("a\0b", 3)});
  EXPECT_THAT(validation_error(t), HasSubstr("NUL byte in row 1"));
}
