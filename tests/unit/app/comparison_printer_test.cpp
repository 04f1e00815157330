// The comparison on the console and in --json.
#include "sim/app/console/comparison_printer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/unit/synthetic_comparison.hpp"

namespace spipsim::experiment {
namespace {

TEST(ScenarioComparison, ConsoleAndJsonCarryTheDifferences) {
  std::vector<ScenarioResult> s = testing::synthetic_pair();
  std::vector<Comparison> c = {compare(s[0], s[1])};
  std::ostringstream text, json;
  print_comparison(text, s, c);
  print_comparison_json(json, s, c);
  EXPECT_NE(text.str().find("variant against base"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("Contacts delivered / due"), std::string::npos);
  EXPECT_NE(text.str().find(" pp "), std::string::npos);  // shares differ in points
  EXPECT_NE(text.str().find("Cost per reconviction avoided"), std::string::npos);
  EXPECT_NE(text.str().find("-24.0 [-24.0, -24.0]"), std::string::npos) << text.str();
  EXPECT_NE(json.str().find("\"kind\": \"compare\""), std::string::npos);
  EXPECT_NE(json.str().find("\"method\": \"per_replicate\""), std::string::npos);
  EXPECT_EQ(json.str().find("nan"), std::string::npos);  // NaN is null in JSON
}

}  // namespace
}  // namespace spipsim::experiment
