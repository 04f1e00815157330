// Safe by default: the token, the origin and host checks, request size limits, and no path
// from a request ever reaching outside the workspace.
#include <fstream>

#include "tests/serve/handlers/workbench_fixture.hpp"

namespace spipsim::serve::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const json kDraft = {{"name", "x"}, {"base", "small-site"}};

TEST_F(Workbench, ChangesNeedTheSessionToken) {
  EXPECT_EQ(post("/api/drafts/check", kDraft, {})->status, 403);
  EXPECT_EQ(post("/api/scenarios", kDraft, {{"X-Spipsim-Token", "guess"}})->status, 403);
  EXPECT_EQ(post("/api/jobs", {{"base", "small-site"}}, {})->status, 403);
  EXPECT_FALSE(fs::exists(workspace_ / "scenarios" / "x.toml"));
  EXPECT_EQ(post("/api/drafts/check", kDraft)->status, 200);
}

TEST_F(Workbench, OtherSitesCannotReadTheToken) {
  // No CORS header: a page from another origin may send a GET but never read the answer,
  // so it never learns the token the page carries.
  const auto page = client_->Get("/", {{"Origin", "http://evil.example"}});
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->has_header("Access-Control-Allow-Origin"));
  const auto api = client_->Get("/api/jobs", {{"Origin", "http://evil.example"}});
  EXPECT_FALSE(api->has_header("Access-Control-Allow-Origin"));
}

TEST_F(Workbench, ForeignOriginsAndHostsAreRefused) {
  const auto foreign = post("/api/drafts/check", kDraft,
                            {{"X-Spipsim-Token", kToken}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(foreign->status, 403);
  const std::string self = "http://127.0.0.1:" + std::to_string(server_->port());
  EXPECT_EQ(post("/api/drafts/check", kDraft, {{"X-Spipsim-Token", kToken}, {"Origin", self}})->status,
            200);
  // DNS rebinding: a page from evil.example resolving to 127.0.0.1 sends its own Host.
  const auto rebound = client_->Get("/api/parameters", {{"Host", "evil.example"}});
  EXPECT_EQ(rebound->status, 403);
}

TEST_F(Workbench, LargeBodiesAreRefused) {
  const std::string big(kMaxBody + 1, 'x');
  const auto res = client_->Post("/api/drafts/check", {{"X-Spipsim-Token", kToken}}, big,
                                 "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(post("/api/drafts/check", json::parse("[]"))->status, 400);  // not a draft
  const auto bad = client_->Post("/api/drafts/check", {{"X-Spipsim-Token", kToken}}, "{not json",
                                 "application/json");
  EXPECT_EQ(bad->status, 400);
}

TEST_F(Workbench, NothingOutsideTheWorkspaceIsReadOrWritten) {
  // A secret next to the workspace, which no request may reach.
  const fs::path secret = workspace_.parent_path() / (workspace_.filename().string() + "-secret.toml");
  std::ofstream(secret) << "description = \"secret\"\n";
  const std::string name = secret.stem().string();
  for (const std::string& path : std::vector<std::string>{
       "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/static/../CMakeLists.txt",
        "/vendor/..%2F..%2FCMakeLists.txt", "/vendor/%2e%2e%2fapp.js",
        "/api/scenarios/..%2F" + name, "/api/scenarios/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/jobs/..%2F..%2Fscenarios/files/comparison.h5",
        "/api/jobs/x/files/..%2Fjob.json", "/api/jobs/x/files/%2Fetc%2Fpasswd"}) {
    const auto res = get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_NE(res->status, 200) << path;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("secret"), std::string::npos) << path;
  }
  // Names that would write outside are refused, and nothing appears there.
  for (const std::string& bad : std::vector<std::string>{"../escape", "..", "/tmp/escape", "a/b", ".hidden", "-rf"}) {
    const auto res = post("/api/scenarios", {{"name", bad}, {"base", "small-site"}});
    EXPECT_EQ(res->status, 422) << bad;
    EXPECT_EQ(json_of(res)["problems"][0]["key"], "name") << bad;
  }
  EXPECT_FALSE(fs::exists(workspace_.parent_path() / "escape.toml"));
  EXPECT_FALSE(fs::exists("/tmp/escape.toml"));
  const auto base = post("/api/drafts/check", {{"name", "y"}, {"base", "../" + name}});
  EXPECT_EQ(json_of(base)["problems"][0]["key"], "base");
  fs::remove(secret);
}

}  // namespace
}  // namespace spipsim::serve::testing
