// The job queue over HTTP: run a small comparison, cancel one, and find them again after a
// restart; a cancelled or killed job leaves no results file.
#include <fstream>
#include <set>

#include "sim/io/file_verification.hpp"
#include "tests/serve/handlers/workbench_fixture.hpp"

namespace spipsim::serve::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// A variant of small-site with 25% more officers, saved through the API.
void save_variant(Workbench& bench, httplib::Client& client) {
  const json draft = {{"name", "more-officers"}, {"base", "small-site"},
                      {"values", {{"staffing.officer_scale", "1.25"}}}};
  const auto res = client.Post("/api/scenarios", {{"X-Spipsim-Token", kToken}}, draft.dump(),
                               "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  (void)bench;
}

bool has_temporary_file(const fs::path& dir) {
  for (const fs::directory_entry& f : fs::recursive_directory_iterator(dir))
    if (f.path().filename().string().find(".tmp") != std::string::npos) return true;
  return false;
}

TEST_F(Workbench, ComparisonRunsAndIsListedAgainAfterARestart) {
  save_variant(*this, *client_);
  const auto submitted = post("/api/jobs", {{"base", "small-site"},
                                            {"variants", {"more-officers"}},
                                            {"replicates", "2"},
                                            {"years", "0.5"},
                                            {"threads", 2}});
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  const std::string id = json_of(submitted)["id"];
  const json job = wait_for_job(id);
  ASSERT_EQ(job["status"], "done") << job.dump();

  const fs::path dir = workspace_ / "jobs" / id;
  const io::FileVerification verdict = io::verify_file(dir / "comparison.h5");
  EXPECT_EQ(verdict.status, io::FileStatus::ok) << verdict.reason;
  const json results = json_of(get("/api/jobs/" + id + "/files/results.json"));
  ASSERT_EQ(results["comparisons"].size(), 1u);
  EXPECT_EQ(results["comparisons"][0]["variant"], "more-officers");
  EXPECT_EQ(results["scenarios"][0]["replicates"], 2);
  // More officers: more officers on the map's site (the lever's direct, certain effect).
  const double base_officers = results["scenarios"][0]["sites"][0]["officers"];
  const double variant_officers = results["scenarios"][1]["sites"][0]["officers"];
  EXPECT_NEAR(variant_officers / base_officers, 1.25, 0.05);
  // The road on the map: Côte-d'Or's officers travel to in-person contacts, and the share
  // is road hours over road and contact hours.
  const json& site = results["scenarios"][0]["sites"][0];
  const double road = site["travel_hours_per_year"], contacts = site["contact_hours_per_year"];
  EXPECT_GT(road, 0.0);
  EXPECT_GT(contacts, 0.0);
  EXPECT_DOUBLE_EQ(site["road_share"].get<double>(), road / (road + contacts));
  const auto h5 = get("/api/jobs/" + id + "/files/comparison.h5");
  EXPECT_EQ(h5->status, 200);
  EXPECT_EQ(h5->body.size(), fs::file_size(dir / "comparison.h5"));
  const auto csv = get("/api/jobs/" + id + "/files/differences.csv");
  EXPECT_EQ(csv->body.rfind("base,variant,name,", 0), 0u);

  stop();
  start();
  const json again = json_of(get("/api/jobs"));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0]["id"], id);
  EXPECT_EQ(again[0]["status"], "done");
}

TEST_F(Workbench, CancelledJobLeavesNoResultsFile) {
  save_variant(*this, *client_);
  const auto submitted = post("/api/jobs", {{"base", "small-site"},
                                            {"variants", {"more-officers"}},
                                            {"replicates", "2"},
                                            {"years", "20"},
                                            {"threads", 1}});
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  const std::string id = json_of(submitted)["id"];
  for (int i = 0; i < 600; ++i) {  // until it runs
    if (json_of(get("/api/jobs"))[0]["status"] == "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(json_of(post("/api/jobs/" + id + "/cancel", json::object()))["cancelled"]);
  const json job = wait_for_job(id, std::chrono::seconds(60));
  EXPECT_EQ(job["status"], "cancelled");
  const fs::path dir = workspace_ / "jobs" / id;
  EXPECT_FALSE(fs::exists(dir / "comparison.h5"));
  EXPECT_FALSE(fs::exists(dir / "results.json"));
  EXPECT_FALSE(has_temporary_file(dir));
  EXPECT_EQ(get("/api/jobs/" + id + "/files/comparison.h5")->status, 404);
}

TEST_F(Workbench, JobKilledMidWriteIsMarkedInterruptedAndItsTemporaryFileRemoved) {
  stop();
  // What a server killed while writing leaves: a running job and the writer's ".tmp".
  const fs::path dir = workspace_ / "jobs" / "20260101-000000-1";
  fs::create_directories(dir);
  std::ofstream(dir / "job.json")
      << R"({"id":"20260101-000000-1","base":"small-site","variants":["x"],"replicates":"2",)"
      << R"("years":"1","threads":1,"status":"running","message":"","created":"2026-01-01T00:00:00Z"})";
  std::ofstream(dir / "comparison.h5.tmp") << "half a file";
  start();
  const json jobs = json_of(get("/api/jobs"));
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["status"], "interrupted");
  EXPECT_FALSE(fs::exists(dir / "comparison.h5.tmp"));
  EXPECT_FALSE(fs::exists(dir / "comparison.h5"));
}

TEST_F(Workbench, BadJobRequestsGetTheCommandLineRules) {
  const auto res = post("/api/jobs", {{"base", "small-site"},
                                      {"variants", {"staffing-plus-25"}},
                                      {"replicates", "0"},
                                      {"years", "1"},
                                      {"threads", 99}});
  ASSERT_EQ(res->status, 422);
  std::set<std::string> keys;
  SCOPED_TRACE(res->body);
  const json body = json_of(res);
  for (const json& p : body["problems"]) keys.insert(p["key"].get<std::string>());
  EXPECT_TRUE(keys.count("run.replicates"));
  EXPECT_TRUE(keys.count("threads"));
  const auto unknown = post("/api/jobs", {{"base", "small-site"}, {"variants", {"nope"}}});
  EXPECT_EQ(unknown->status, 422);
  EXPECT_TRUE(json_of(get("/api/jobs")).empty());
}

TEST_F(Workbench, EventsStreamTheJobs) {
  std::string received;
  httplib::Client events("127.0.0.1", server_->port());
  events.Get("/api/events", [&](const char* data, std::size_t n) {
    received.append(data, n);
    return received.find("event: jobs") == std::string::npos;  // stop after the first
  });
  EXPECT_NE(received.find("event: jobs\ndata: []"), std::string::npos) << received;
}

}  // namespace
}  // namespace spipsim::serve::testing
