// The one TOML reader: the nesting bound is checked on the text before toml++ parses it
// (a 40 KB file of nested dotted keys used to overflow the stack), strings, comments and
// floats do not count as nesting, and the getters report with one wording at the node.
#include "sim/params/toml_document.hpp"

#include <gtest/gtest.h>

#include <string>

#include "params_test_support.hpp"

namespace spipsim::params {
namespace {

using namespace test_support;
using ::testing::HasSubstr;

std::string repeat(std::string_view part, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += part;
  return text;
}

constexpr int kMax = TomlDocument::kMaxDepth;

TEST(NestingBound, CountsDottedKeysHeadersArraysAndInlineTables) {
  EXPECT_FALSE(nesting_beyond("a.b.c = 1\n[x.y]\nz = [[1], {q.r = 2}]\n", kMax));
  // Exactly at the bound passes; one more level is refused where it is crossed.
  EXPECT_FALSE(nesting_beyond(repeat("a.", kMax) + "a = 1\n", kMax));
  const auto deep = nesting_beyond(repeat("a.", kMax + 1) + "a = 1\n", kMax);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->line, 1);
  EXPECT_EQ(deep->column, 2 * (kMax + 1));
  EXPECT_TRUE(nesting_beyond(std::string("[") + repeat("h.", kMax + 1) + "h]\n", kMax));
  EXPECT_TRUE(
      nesting_beyond(std::string("x = ") + repeat("[", kMax + 1) + repeat("]", kMax + 1), kMax));
  EXPECT_TRUE(nesting_beyond(
      std::string("x = ") + repeat("{a = ", kMax + 1) + "1" + repeat("}", kMax + 1), kMax));
}

TEST(NestingBound, AddsTheTableHeaderAndTheKeyOfAMultiLineArray) {
  const std::string half = repeat("k.", kMax / 2 + 1);
  EXPECT_TRUE(nesting_beyond("[" + half + "t]\n" + half + "v = 1\n", kMax));
  EXPECT_TRUE(nesting_beyond(half + "v = [\n  {" + half + "w = 1},\n]\n", kMax));
  // A header applies to its own table only: the next header starts again.
  EXPECT_FALSE(nesting_beyond("[" + half + "t]\n[u]\n" + half + "v = 1\n", kMax));
}

TEST(NestingBound, StringsCommentsAndFloatsDoNotNest) {
  const std::string dots = repeat(".", 10 * kMax);
  EXPECT_FALSE(nesting_beyond("a = \"" + dots + "\"\nb = '" + dots + "'\n# " + dots + "\n", kMax));
  EXPECT_FALSE(
      nesting_beyond("d = \"\"\"\n" + dots + "\n\"\"\"\"\"\ne = '''" + dots + "'''\n", kMax));
  EXPECT_FALSE(nesting_beyond("e = \"\\\"" + dots + "\"\n", kMax));  // an escaped quote
  EXPECT_FALSE(nesting_beyond(std::string("v = [") + repeat("0.5, ", 10 * kMax) + "1.5]\n", kMax));
  EXPECT_FALSE(
      nesting_beyond(std::string("v = [\n") + repeat("  0.5,\n", 10 * kMax) + "]\n", kMax));
  // ... but a key is a key after a string closes.
  EXPECT_TRUE(nesting_beyond(
      std::string("x = [\"\"\"a\"\"\"\", {") + repeat("b.", kMax + 1) + "c = 1}]\n", kMax));
}

class TomlDocumentTest : public ScenarioFiles {};

TEST_F(TomlDocumentTest, FortyKilobytesOfNestedKeysGiveOneLineNotACrash) {
  // 20,000 levels: toml++ parses this much but crashes at 100,000, and every walk over the
  // tree used to recurse once per level.
  const std::string header = std::string("[").append(repeat("b.", 20000)).append("b]\nx = 1\n");
  for (const std::string& text :
       {repeat("a.", 20000) + "a = 1\n", repeat("a.", 100000) + "a = 1\n", header}) {
    TomlDocument document(write("deep.toml", text), "deep.toml", "scenario file");
    EXPECT_FALSE(document.ok());
    ASSERT_EQ(document.problems().size(), 1u);
    const Diagnostic& d = document.problems()[0];
    EXPECT_EQ(d.line, 1);
    EXPECT_THAT(d.format(), HasSubstr("deep.toml:1:"));
    EXPECT_THAT(d.rule, HasSubstr("nested more than 64 deep"));
    EXPECT_EQ(d.format().find('\n'), std::string::npos);
  }
}

TEST_F(TomlDocumentTest, ScenarioLoaderReportsTheBoundAsItsOnlyProblem) {
  std::vector<Diagnostic> all = problems(write("deep.toml", repeat("run.", 20000) + "x = 1\n"));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_THAT(all[0].rule, HasSubstr("nested more than"));
}

TEST_F(TomlDocumentTest, FilesThatAreNotRegularOrAreMissingAreNamed) {
  std::filesystem::create_directories(dir_ / "folder.toml");
  TomlDocument folder(dir_ / "folder.toml", "folder.toml", "design file");
  ASSERT_EQ(folder.problems().size(), 1u);
  EXPECT_EQ(folder.problems()[0].rule, "design file is a directory, not a regular file");
  TomlDocument missing(dir_ / "none.toml", "none.toml", "study file");
  EXPECT_EQ(missing.problems()[0].format(),
            "none.toml: study file does not exist (hint: check the path)");
}

TEST_F(TomlDocumentTest, GettersReportAtTheNodeWithOneWording) {
  TomlDocument d = TomlDocument::from_text(
      "name = 3\ncount = 2.5\nbig = 11\nshare = 1.5\nlist = 1\nok = \"yes\"\n[part]\nx = 1\n",
      "f.toml");
  ASSERT_TRUE(d.ok());
  const toml::table& root = d.root();
  EXPECT_FALSE(d.string(root, "name", Need::Optional));
  EXPECT_FALSE(d.integer(root, "count", 0, 10, Need::Optional));
  EXPECT_FALSE(d.integer(root, "big", 0, 10, Need::Optional));
  EXPECT_FALSE(d.number(root, "share", 0, 1, "of people", Need::Optional));
  EXPECT_FALSE(d.array(root, "list", Need::Optional));
  EXPECT_FALSE(d.string(root, "absent", Need::Required, "part.", "add absent = \"...\""));
  EXPECT_EQ(d.string(root, "ok", Need::Required), "yes");
  EXPECT_EQ(d.integer(root, "big", 0, 11, Need::Required), 11);
  EXPECT_EQ(d.number(root, "big", 0, 11, "", Need::Required), 11.0);
  EXPECT_NE(d.table(root, "part", Need::Required), nullptr);
  std::vector<std::string> lines;
  for (const Diagnostic& p : d.problems()) lines.push_back(p.format());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "f.toml:1:8: key 'name': must be a string, got an integer (hint: put it "
                       "in double quotes)",
                       "f.toml:2:9: key 'count': must be an integer, got a floating-point number",
                       "f.toml:3:7: key 'big': value 11 must be between 0 and 10",
                       "f.toml:4:9: key 'share': value 1.5 must be between 0 and 1 of people",
                       "f.toml:5:8: key 'list': must be an array, got an integer",
                       "f.toml: key 'part.absent': missing (hint: add absent = \"...\")",
                   }));
}

TEST_F(TomlDocumentTest, UnknownKeysAreReportedAtTheKeyWithAHint) {
  TomlDocument d = TomlDocument::from_text("seed = 1\n  sede = 2\n", "f.toml");
  d.check_keys(d.root(), {"seed", "replicates"}, "run.");
  ASSERT_EQ(d.problems().size(), 1u);
  EXPECT_EQ(d.problems()[0].format(),
            "f.toml:2:3: key 'run.sede': unknown key (hint: did you mean 'seed'?)");
}

}  // namespace
}  // namespace spipsim::params
