#pragma once
// An in-process workbench server on a free loopback port, with its own temporary
// workspace, the source tree's web/ and scenarios/, and a known session token.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "sim/serve/workbench_server.hpp"

namespace spipsim::serve::testing {

inline constexpr const char* kToken = "test-token-0123";

class Workbench : public ::testing::Test {
 protected:
  void SetUp() override {
    workspace_ = std::filesystem::temp_directory_path() /
                 ("spipsim-serve-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(workspace_);
    start();
  }
  void TearDown() override {
    stop();
    std::filesystem::remove_all(workspace_);
  }

  void start() {
    ServeOptions options;
    options.workspace = workspace_;
    options.port = 0;
    options.web_dir = std::filesystem::path(SPIPSIM_SOURCE_DIR) / "web";
    options.shipped_dir = std::filesystem::path(SPIPSIM_SOURCE_DIR) / "scenarios";
    options.source_dir = "";  // no HTML report: keeps the tests fast
    options.thread_budget = 2;
    options.token = kToken;
    server_ = std::make_unique<WorkbenchServer>(options);
    thread_ = std::thread([this] { server_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(60, 0);
  }
  void stop() {
    if (!server_) return;
    server_->stop();
    thread_.join();
    client_.reset();
    server_.reset();
  }

  httplib::Result get(const std::string& path) { return client_->Get(path.c_str()); }
  httplib::Result post(const std::string& path, const nlohmann::json& body,
                       httplib::Headers headers = {{"X-Spipsim-Token", kToken}}) {
    return client_->Post(path.c_str(), headers, body.dump(), "application/json");
  }
  static nlohmann::json json_of(const httplib::Result& r) { return nlohmann::json::parse(r->body); }

  // Polls the job until its status is not queued or running (or `timeout` passes).
  nlohmann::json wait_for_job(const std::string& id, std::chrono::seconds timeout =
                                                         std::chrono::seconds(300)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      for (const nlohmann::json& job : json_of(get("/api/jobs")))
        if (job["id"] == id && job["status"] != "queued" && job["status"] != "running")
          return job;
      if (std::chrono::steady_clock::now() > until) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  std::filesystem::path workspace_;
  std::unique_ptr<WorkbenchServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace spipsim::serve::testing
