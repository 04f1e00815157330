#include "sim/app/console/summary_printer.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

RunInfo info() {
  RunInfo run;
  run.scenario = "baseline";
  run.description = "Line one\n  and \"two\"\t\\ tab";
  run.replicates = 3;
  run.seed = 7;
  run.years = 2;
  return run;
}

RunSummary summary() {
  std::vector<model::ReplicateOutput> outputs;
  for (std::uint32_t r = 0; r < 3; ++r) {
    outputs.push_back(testing::two_site_output(r, 24));
    outputs.back().persons = testing::exponential_persons(300, 0.3 / 365.25, 400, 800, r);
    outputs.back().cost_prison_eur = 1.0e6 * (r + 1);
  }
  return summarise(outputs);
}

// True when python3's json module accepts `text`.
bool python_accepts_json(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("spipsim_json_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << text;
  std::string command =
      "/usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)' < '" + path.string() + "'";
  int status = std::system(command.c_str());
  std::filesystem::remove(path);
  return status == 0;
}

TEST(SummaryPrinter, TableHasHeaderGroupsAndPercentages) {
  std::ostringstream out;
  RunSummary s = summary();
  print_summary(out, info(), s);
  std::string text = out.str();
  EXPECT_EQ(text.substr(0, text.find('\n')), "baseline - Line one and \"two\" \\ tab");
  EXPECT_NE(text.find("replicates 3   seed 7   years 2"), std::string::npos);
  for (const char* group : {"\nRecidivism\n", "\nReintegration\n", "\nWorkload\n", "\nCosts\n"})
    EXPECT_NE(text.find(group), std::string::npos) << group;
  EXPECT_LT(text.find("Recidivism"), text.find("Costs"));
  // 150 delivered of 200 due: exactly 75.0% in every replicate.
  EXPECT_NE(text.find("75.0%  [75.0%, 75.0%]"), std::string::npos) << text;
  EXPECT_NE(text.find("1,000,000"), std::string::npos) << text;
  EXPECT_NE(text.find("n/a"), std::string::npos);  // 5-year figures of a 2-year run
}

TEST(SummaryPrinter, OneReplicateShowsNoInterval) {
  std::ostringstream out;
  print_summary(out, info(), summarise({testing::two_site_output(0, 12)}));
  EXPECT_NE(out.str().find("75.0%  [-, -]"), std::string::npos) << out.str();
}

TEST(SummaryPrinter, JsonIsValidAndComplete) {
  std::ostringstream out;
  RunSummary s = summary();
  print_summary_json(out, info(), s);
  std::string text = out.str();
  EXPECT_TRUE(python_accepts_json(text)) << text;
  for (const Headline& h : s.headlines)
    EXPECT_NE(text.find("\"" + h.name + "\": {\"mean\""), std::string::npos) << h.name;
  EXPECT_NE(text.find("\"replicates\": 3"), std::string::npos);
  EXPECT_NE(text.find("\"seed\": 7"), std::string::npos);
  EXPECT_NE(text.find("\"mean\": null"), std::string::npos);  // undefined 5-year figures
}

TEST(SummaryPrinter, JsonStringsAndNumbers) {
  EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json_string("\n\t\x01"), "\"\\n\\t\\u0001\"");
  EXPECT_EQ(json_string("sortie s\xc3\xa8"
                        "che"),
            "\"sortie s\xc3\xa8"
            "che\"");
  EXPECT_EQ(json_number(0.1), "0.1");
  EXPECT_EQ(json_number(1e300), "1e+300");
  EXPECT_EQ(json_number(std::nan("")), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_TRUE(python_accepts_json("[" + json_string("\x1f\x7f\"\\/") + "," + json_number(-0.0) +
                                  "," + json_number(123456789.125) + "]"));
}

}  // namespace
}  // namespace spipsim::experiment
