// The page, the parameter table, the library and the lever editor's drafts, over HTTP.
#include <algorithm>
#include <fstream>
#include <set>
#include <thread>

#include "sim/params/parameters.hpp"
#include "sim/params/scenario.hpp"
#include "tests/serve/handlers/workbench_fixture.hpp"

namespace spipsim::serve::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kSmallSite = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";

TEST_F(Workbench, PageCarriesTheTokenAndOnlyVendoredScripts) {
  const auto page = get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(std::string("content=\"") + kToken + "\""), std::string::npos);
  EXPECT_EQ(page->body.find("https://"), std::string::npos) << "nothing fetched from elsewhere";
  const auto vega = get("/vendor/vega-lite-6.5.0.min.js");
  ASSERT_TRUE(vega);
  EXPECT_EQ(vega->status, 200);
  EXPECT_NE(vega->get_header_value("Content-Type").find("javascript"), std::string::npos);
  EXPECT_GT(vega->body.size(), 100000u);
}

TEST_F(Workbench, LeversComeFromTheParameterTable) {
  const json levers = json_of(get("/api/parameters"));
  const params::Parameters defaults;
  ASSERT_EQ(levers.size(), defaults.size());
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    const params::ParameterSpec& spec = defaults.spec(static_cast<params::ParamId>(i));
    EXPECT_EQ(levers[i]["name"], std::string(spec.name));
    EXPECT_EQ(levers[i]["source"], std::string(spec.source));
    EXPECT_EQ(levers[i]["assumption"], spec.source == "assumption");
    EXPECT_EQ(levers[i]["timeline"], spec.timeline);
    EXPECT_EQ(levers[i]["editable"], !params::is_path(spec)) << spec.name;
    if (spec.kind == params::Kind::Real) {
      EXPECT_EQ(levers[i]["min"].get<double>(), spec.min);
      EXPECT_EQ(levers[i]["max"].get<double>(), spec.max);
    }
  }
}

TEST_F(Workbench, LibrarySaysWhatEachScenarioExtendsAndChanges) {
  const json library = json_of(get("/api/scenarios"));
  const auto small = std::find_if(library.begin(), library.end(),
                                  [](const json& s) { return s["name"] == "small-site"; });
  ASSERT_NE(small, library.end());
  EXPECT_EQ((*small)["origin"], "shipped");
  EXPECT_EQ((*small)["extends"], "baseline-france");
  EXPECT_EQ((*small)["description"], params::load_scenario(kSmallSite).description);
  std::set<std::string> keys;
  for (const json& set : (*small)["sets"]) keys.insert(set["key"]);
  EXPECT_TRUE(keys.count("world.sites"));
  EXPECT_TRUE(keys.count("run.years"));
  EXPECT_FALSE(keys.count("staffing.officer_scale")) << "inherited values are not its own";
}

TEST_F(Workbench, OutOfBoundsValueGetsTheCommandLineMessage) {
  // The command line's own words for the same value, as the independent truth.
  params::Scenario scenario = params::load_scenario(kSmallSite);
  std::string expected;
  try {
    params::apply_override(scenario, "staffing.officer_scale", "20");
  } catch (const params::ScenarioError& error) {
    expected = error.diagnostics.front().rule;
  }
  ASSERT_FALSE(expected.empty());
  const json check = json_of(post("/api/drafts/check",
                                  {{"name", "x"}, {"base", "small-site"},
                                   {"values", {{"staffing.officer_scale", "20"}}}}));
  ASSERT_EQ(check["problems"].size(), 1u);
  EXPECT_EQ(check["problems"][0]["key"], "staffing.officer_scale");
  EXPECT_EQ(check["problems"][0]["rule"], expected);
  EXPECT_EQ(check["toml"], "");
}

TEST_F(Workbench, TimelineRulesAreTheLoadersOwn) {
  // A parameter that may not change on the timeline, in a dated change: the loader refuses it.
  const json check = json_of(post(
      "/api/drafts/check",
      {{"name", "x"}, {"base", "small-site"},
       {"changes", json::array({{{"at", "2026-01-01"}, {"sets", {{"run.years", "3"}}}}})}}));
  ASSERT_FALSE(check["problems"].empty());
  EXPECT_EQ(check["problems"][0]["key"], "run.years");
  const json bad_date = json_of(post(
      "/api/drafts/check",
      {{"name", "x"}, {"base", "small-site"},
       {"changes", json::array({{{"at", "2026-13-01"}, {"sets", json::object()}}})}}));
  ASSERT_FALSE(bad_date["problems"].empty());
  EXPECT_EQ(bad_date["problems"][0]["key"], "change[0].at");
}

TEST_F(Workbench, SavedScenarioRoundTripsAndHoldsOnlyWhatChanged) {
  const json draft = {
      {"name", "more-officers"},
      {"base", "small-site"},
      {"description", "25% more officers, \"then\" 50% from 2027"},
      {"values",
       {{"staffing.officer_scale", "1.25"}, {"run.years", "6"} /* = base: not written */}},
      {"changes",
       json::array({{{"at", "2027-01-01"}, {"sets", {{"staffing.officer_scale", "1.5"}}}}})}};
  const auto saved = post("/api/scenarios", draft);
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 201) << saved->body;
  const fs::path file = workspace_ / "scenarios" / "more-officers.toml";
  ASSERT_TRUE(fs::is_regular_file(file));

  // Independent truth: the base, with the same values applied as on the command line.
  params::Scenario expected = params::load_scenario(kSmallSite);
  params::apply_override(expected, "staffing.officer_scale", "1.25");
  const params::Scenario loaded = params::load_scenario(file);
  EXPECT_TRUE(loaded.values == expected.values);
  EXPECT_EQ(loaded.description, "25% more officers, \"then\" 50% from 2027");
  ASSERT_EQ(loaded.timeline.size(), 1u);
  EXPECT_EQ(loaded.timeline[0].at, std::chrono::year_month_day(std::chrono::year(2027),
                                                               std::chrono::January,
                                                               std::chrono::day(1)));
  EXPECT_EQ(loaded.timeline[0].sets[0].second.number, 1.5);

  std::ifstream in(file);
  std::string line;
  int assignments = 0;
  while (std::getline(in, line))
    if (line.find(" = ") != std::string::npos) ++assignments;
  EXPECT_EQ(assignments, 5);  // description, extends, officer_scale; at, officer_scale

  // The library lists it as the planner's own, extending small-site.
  const json own = json_of(get("/api/scenarios/more-officers"));
  EXPECT_EQ(own["origin"], "workspace");
  EXPECT_EQ(own["extends"], "small-site");
  EXPECT_EQ(own["values"]["staffing.officer_scale"], "1.25");
}

TEST_F(Workbench, ShippedNamesAndFilePathsCannotBeSet) {
  const auto shipped = post("/api/scenarios", {{"name", "small-site"}, {"base", "small-site"}});
  EXPECT_EQ(shipped->status, 422);
  EXPECT_EQ(json_of(shipped)["problems"][0]["key"], "name");
  // A path parameter would make the server read any file: refused.
  const json check = json_of(post("/api/drafts/check",
                                  {{"name", "x"}, {"base", "small-site"},
                                   {"values", {{"world.departements", "/etc/passwd"}}}}));
  ASSERT_EQ(check["problems"].size(), 1u);
  EXPECT_EQ(check["problems"][0]["key"], "world.departements");
}

TEST_F(Workbench, SavingOverItsOwnBaseIsRefused) {
  ASSERT_EQ(post("/api/scenarios", {{"name", "mine"}, {"base", "small-site"},
                                    {"values", {{"staffing.officer_scale", "1.1"}}}})->status,
            201);
  ASSERT_EQ(post("/api/scenarios", {{"name", "mine-2"}, {"base", "mine"},
                                    {"values", {{"staffing.officer_scale", "1.2"}}}})->status,
            201);
  for (const char* name : {"mine", "mine-2"}) {
    const auto res = post("/api/scenarios", {{"name", name}, {"base", "mine-2"}});
    ASSERT_EQ(res->status, 422) << name;
    EXPECT_EQ(json_of(res)["problems"][0]["key"], "name");
  }
  EXPECT_EQ(params::load_scenario(workspace_ / "scenarios" / "mine-2.toml")
                .values.real(params::ParamId::staffing_officer_scale),
            1.2);
}

TEST_F(Workbench, ConcurrentSavesLeaveOneWholeFile) {
  std::vector<std::thread> writers;
  for (int i = 0; i < 8; ++i)
    writers.emplace_back([this, i] {
      httplib::Client client("127.0.0.1", server_->port());
      const json draft = {{"name", "race"}, {"base", "small-site"},
                          {"values", {{"staffing.officer_scale", std::to_string(1.0 + 0.1 * (i + 1))}}}};
      client.Post("/api/scenarios", {{"X-Spipsim-Token", kToken}}, draft.dump(),
                  "application/json");
    });
  for (std::thread& t : writers) t.join();
  const params::Scenario loaded = params::load_scenario(workspace_ / "scenarios" / "race.toml");
  const double scale = loaded.values.real(params::ParamId::staffing_officer_scale);
  EXPECT_GT(scale, 1.05);
  EXPECT_LT(scale, 1.85);
  for (const fs::directory_entry& f : fs::directory_iterator(workspace_ / "scenarios"))
    EXPECT_EQ(f.path().filename(), "race.toml") << "no scratch or temporary file left";
}

}  // namespace
}  // namespace spipsim::serve::testing
