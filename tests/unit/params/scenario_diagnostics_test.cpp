// Every validation rule of a scenario file produces a diagnostic at the right file, line
// and key, and one load reports every problem at once.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "params_test_support.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::params {
namespace {

using namespace test_support;
using ::testing::HasSubstr;

class ScenarioDiagnostics : public ScenarioFiles {
 protected:
  // The only diagnostic of a file that must fail with exactly one.
  Diagnostic only_problem(const std::filesystem::path& file) {
    std::vector<Diagnostic> all = problems(file);
    if (all.size() != 1)
      for (const Diagnostic& d : all) ADD_FAILURE() << "expected one problem, got: " << d.format();
    return all.empty() ? Diagnostic{} : all.front();
  }
};

TEST_F(ScenarioDiagnostics, MalformedToml) {
  auto file = write("bad.toml", "[run]\nyears = 1\n[staffing\n");
  Diagnostic d = only_problem(file);
  EXPECT_EQ(d.file, file.string());
  EXPECT_EQ(d.line, 3);
  EXPECT_GT(d.column, 0);
  EXPECT_THAT(d.rule, HasSubstr("malformed TOML"));
}

// Two inputs on which Debian's toml++ 3.3 fails an internal assertion (found by fuzzing):
// with the parser compiled in params/toml_library.cpp, each is malformed TOML like any
// other, in every build type. "ô" in UTF-8, in Latin-1, and cut short.
TEST_F(ScenarioDiagnostics, InputsThatTrippedTomlPlusPlusAssertionsAreMalformedToml) {
  for (const std::string& text : {std::string("[=1\n"), std::string("[ =1\n"),
                                 std::string("[[=1\n"), std::string("\xc3\xb4"),
                                 std::string("\xf4"), std::string("\xc3"), std::string("\xc3\xb4\n")}) {
    auto file = write("tripped.toml", text);
    Diagnostic d = only_problem(file);
    EXPECT_THAT(d.rule, HasSubstr("malformed TOML")) << "input: " << text;
  }
  // The guard is on in this build type too (toml++ itself turns assertions off under
  // NDEBUG, or into optimiser assumptions under clang). A toml++ that reports this input
  // itself would change the words, not the verdict.
  EXPECT_THAT(only_problem(write("bracket.toml", "[=1\n")).rule,
              HasSubstr("the parser's own check"));
  // Any character from U+00A1 to U+0499 where a key may start reached toml++'s
  // TOML_UNREACHABLE (undefined behaviour; UBSan in `make sanitize` reports it if it comes
  // back). Now an ordinary error, at its line.
  Diagnostic accent = only_problem(write("accent.toml", "[run]\nyears = 2\n\xc3\xa9 = 1\n"));
  EXPECT_EQ(accent.line, 3);
  EXPECT_THAT(accent.rule, HasSubstr("saw '\xc3\xa9'"));
}

TEST_F(ScenarioDiagnostics, MissingFileIsNamed) {
  auto file = dir_ / "nowhere.toml";
  Diagnostic d = only_problem(file);
  EXPECT_EQ(d.file, file.string());
  EXPECT_EQ(d.line, 0);
  EXPECT_THAT(d.rule, HasSubstr("does not exist"));
  EXPECT_THAT(d.format(), HasSubstr(file.string() + ": scenario file does not exist"));
}

TEST_F(ScenarioDiagnostics, MissingParentNamesItAndTheFileThatExtendsIt) {
  auto file = write("child.toml", "description = \"x\"\nextends = \"base/missing.toml\"\n");
  Diagnostic d = only_problem(file);
  EXPECT_EQ(d.file, file.string());
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.key, "extends");
  EXPECT_THAT(d.rule, HasSubstr((dir_ / "base/missing.toml").string()));
}

TEST_F(ScenarioDiagnostics, UnreadableFile) {
  std::filesystem::create_directories(dir_ / "folder.toml");
  EXPECT_THAT(only_problem(dir_ / "folder.toml").rule, HasSubstr("is a directory, not a regular file"));
}

// A FIFO would block the reader forever and a device such as /dev/zero never ends: both are
// refused, naming what they are, before a byte is read.
TEST_F(ScenarioDiagnostics, SpecialFilesAreRefusedBeforeReading) {
  ASSERT_EQ(::mkfifo((dir_ / "fifo.toml").c_str(), 0644), 0);
  EXPECT_THAT(only_problem(dir_ / "fifo.toml").rule, HasSubstr("is a FIFO (named pipe)"));
  EXPECT_THAT(only_problem("/dev/zero").rule, HasSubstr("is a character device"));
  auto child = write("child.toml", "extends = \"/dev/zero\"\n");
  Diagnostic d = only_problem(child);
  EXPECT_EQ(d.key, "extends");
  EXPECT_THAT(d.rule, HasSubstr("is a character device"));
}

TEST_F(ScenarioDiagnostics, OversizedFileIsRefused) {
  auto big = write("big.toml", "# " + std::string(5u << 20, 'x') + "\n");
  EXPECT_THAT(only_problem(big).rule, HasSubstr("more than the 4194304 allowed"));
}

TEST_F(ScenarioDiagnostics, UnknownParameterSuggestsTheClosestName) {
  auto file = write("typo.toml", "[staffing]\noficer_scale = 1.2\n");
  Diagnostic d = only_problem(file);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 1);
  EXPECT_EQ(d.key, "staffing.oficer_scale");
  EXPECT_EQ(d.format(), file.string() +
                            ":2:1: key 'staffing.oficer_scale': unknown parameter (hint: did you "
                            "mean 'staffing.officer_scale'?)");
}

TEST_F(ScenarioDiagnostics, MisspelledTopLevelKeysAndWrongSections) {
  auto file = write("top.toml",
                    "descripton = \"x\"\nextend = \"a.toml\"\nofficer_scale = 2.0\n[stafing]\n");
  std::vector<Diagnostic> all = problems(file);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].key, "descripton");
  EXPECT_EQ(all[0].hint, "did you mean 'description'?");
  EXPECT_EQ(all[1].hint, "did you mean 'extends'?");
  EXPECT_EQ(all[2].hint, "did you mean 'staffing.officer_scale'?") << "key in the wrong section";
  EXPECT_EQ(all[3].line, 4);
  EXPECT_EQ(all[3].rule, "unknown section");
  EXPECT_EQ(all[3].hint, "did you mean 'staffing'?");
  // Nothing close: a pointer to the list instead of a guess.
  EXPECT_EQ(problems(write("far.toml", "[nothing_like_it]\nzzz = 1\n"))[0].hint,
            "run `spipsim params` to list every parameter");
}

TEST_F(ScenarioDiagnostics, WrongTypeSaysWhatWasExpected) {
  auto file = write("types.toml", R"([run]
years = "ten"
seed = 3.0
start_date = 2025-01-01T10:00:00
[reminders]
enabled = 1
[report]
label = 5
[staffing.officer_scale]
x = 1
)");
  std::vector<Diagnostic> all = problems(file);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].line, 2);
  EXPECT_EQ(all[0].key, "run.years");
  EXPECT_EQ(all[0].rule, "must be a number (real parameter), got a string");
  EXPECT_EQ(all[1].rule, "must be an integer (integer parameter), got a floating-point number");
  EXPECT_THAT(all[2].rule, HasSubstr("must be a date (YYYY-MM-DD, unquoted) (date parameter)"));
  EXPECT_EQ(all[3].key, "reminders.enabled");
  EXPECT_THAT(all[3].rule, HasSubstr("must be true or false"));
  EXPECT_THAT(all[4].rule, HasSubstr("must be a string"));
  EXPECT_EQ(all[5].key, "staffing.officer_scale");
  EXPECT_THAT(all[5].rule, HasSubstr("got a table"));
}

TEST_F(ScenarioDiagnostics, ValueOutOfBounds) {
  Diagnostic d = only_problem(write("bounds.toml", "[run]\nseed = 1\nyears = 100\n"));
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 9) << "points at the value";
  EXPECT_EQ(d.rule, "value 100 must be between 0.1 and 50 years");
  EXPECT_EQ(only_problem(write("nan.toml", "run.years = nan\n")).rule,
            "value nan must be between 0.1 and 50 years");
}

TEST_F(ScenarioDiagnostics, UnknownChoiceListsTheAllowedOnes) {
  Diagnostic d = only_problem(write("choice.toml", "[allocation]\npolicy = \"lest_loaded\"\n"));
  EXPECT_EQ(d.key, "allocation.policy");
  EXPECT_EQ(d.rule, "unknown choice 'lest_loaded'");
  EXPECT_EQ(d.hint,
            "allowed: round_robin, least_loaded, risk_points; did you mean 'least_loaded'?");
}

TEST_F(ScenarioDiagnostics, InvalidDates) {
  auto file = write("dates.toml",
                    "run.start_date = \"2025-02-30\"\n[[change]]\nat = \"soon\"\n"
                    "staffing.officer_scale = 2\n");
  std::vector<Diagnostic> all = problems(file);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].rule, "invalid date '2025-02-30'");
  EXPECT_EQ(all[1].line, 3);
  EXPECT_EQ(all[1].key, "at");
  EXPECT_EQ(all[1].rule, "invalid date 'soon'");
  // toml++ itself rejects an impossible unquoted date.
  EXPECT_THAT(only_problem(write("bare.toml", "run.start_date = 2025-02-30\n")).rule,
              HasSubstr("malformed TOML"));
}

TEST_F(ScenarioDiagnostics, TimelineRules) {
  auto file = write("timeline.toml", R"([[change]]
staffing.officer_scale = 1.2

[[change]]
at = 2027-01-01
run.years = 3

[[change]]
at = 2024-12-31
reminders.enabled = true

[[change]]
at = 2026-01-01
)");
  std::vector<Diagnostic> all = problems(file);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].line, 1);
  EXPECT_EQ(all[0].rule, "timeline change has no 'at' date");
  EXPECT_EQ(all[1].line, 6);
  EXPECT_EQ(all[1].key, "run.years");
  EXPECT_EQ(all[1].rule, "this parameter cannot change on the timeline");
  // Checked after the whole chain against the final start date, but listed in file order.
  EXPECT_EQ(all[2].line, 9);
  EXPECT_EQ(all[2].key, "at");
  EXPECT_EQ(all[2].rule, "timeline date 2024-12-31 is before run.start_date 2025-01-01");
  EXPECT_EQ(all[3].line, 12);
  EXPECT_EQ(all[3].rule, "timeline change sets no parameter");
}

TEST_F(ScenarioDiagnostics, StartDateCheckUsesTheChildsStartDate) {
  write("parent.toml", "[[change]]\nat = 2026-01-01\nreminders.enabled = true\n");
  auto child = write("child.toml", "extends = \"parent.toml\"\nrun.start_date = 2027-01-01\n");
  Diagnostic d = only_problem(child);
  EXPECT_EQ(d.file, (dir_ / "parent.toml").string());
  EXPECT_EQ(d.line, 2);
}

TEST_F(ScenarioDiagnostics, StartDateCheckNeedsARunStartDateParameter) {
  auto table_without_start = std::span(kTestTable).subspan(1);
  EXPECT_NO_THROW(load_scenario(write("early.toml",
                                      "[[change]]\nat = 1990-01-01\n"
                                      "reminders.enabled = true\n"),
                                table_without_start));
}

TEST_F(ScenarioDiagnostics, ExtendsCycleShowsTheChain) {
  write("a.toml", "extends = \"b.toml\"\n");
  write("b.toml", "\n\nextends = \"./a.toml\"\n");
  Diagnostic d = only_problem(dir_ / "a.toml");
  EXPECT_EQ(d.file, (dir_ / "b.toml").string());
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.rule, "extends cycle: " + (dir_ / "a.toml").string() + " -> " +
                        (dir_ / "b.toml").string() + " -> " + (dir_ / "a.toml").string());
  EXPECT_THAT(only_problem(write("self.toml", "extends = \"self.toml\"\n")).rule,
              HasSubstr("extends cycle"));
}

TEST_F(ScenarioDiagnostics, ReservedKeysOfTheWrongType) {
  auto file =
      write("reserved.toml", "description = 3\nextends = [\"a\"]\n[change]\nat = 2026-01-01\n");
  std::vector<Diagnostic> all = problems(file);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].key, "description");
  EXPECT_EQ(all[1].key, "extends");
  EXPECT_EQ(all[2].key, "change");
  EXPECT_THAT(all[2].hint, HasSubstr("[[change]]"));
}

TEST_F(ScenarioDiagnostics, EveryProblemOfEveryFileInOneThrow) {
  write("parent.toml", "[run]\nyears = -1\n[staffing]\nofficer_scale = \"x\"\n");
  auto child = write("child.toml", R"(extends = "parent.toml"
[allocation]
policy = "random"
[run]
sed = 4
[[change]]
at = 2026-01-01
run.seed = 5
)");
  try {
    load(child);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics.size(), 5u) << e.what();
    auto parent = (dir_ / "parent.toml").string();
    EXPECT_EQ(e.diagnostics[0].file, parent);
    EXPECT_EQ(e.diagnostics[0].line, 2);
    EXPECT_EQ(e.diagnostics[1].file, parent);
    EXPECT_EQ(e.diagnostics[1].line, 4);
    EXPECT_EQ(e.diagnostics[2].file, child.string());
    EXPECT_EQ(e.diagnostics[2].line, 3);
    EXPECT_EQ(e.diagnostics[3].line, 5);
    EXPECT_EQ(e.diagnostics[3].hint, "did you mean 'run.seed'?");
    EXPECT_EQ(e.diagnostics[4].line, 8);
    // what() carries them all, one per line.
    const std::string what = e.what();
    EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 4);
  }
}

}  // namespace
}  // namespace spipsim::params
