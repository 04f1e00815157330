#pragma once
// `spipsim serve`: the workbench's HTTP server (cpp-httplib). It serves the page (web/),
// the parameter table, the scenario library, drafts checked like the command line, and the
// job queue with server-sent events, results and downloads.
//
// Safe by default (docs/workbench.md, "Safety"):
//  - it listens on 127.0.0.1 unless told otherwise;
//  - a request names things (scenario, job, file), never paths; names are checked
//    (is_safe_name) and downloads come from a fixed list, so nothing outside the workspace
//    (and the read-only web/ and scenarios/ folders) is ever read or written;
//  - request bodies are limited (kMaxBody; larger ones get 413);
//  - every POST must carry the session token (X-Spipsim-Token), which only a page served by
//    this server can read, and an Origin, when sent, must be this server's; the Host header
//    must name this server (against DNS rebinding);
//  - no shell is ever called (the HTML report's Python is started with posix_spawn);
//  - files are written atomically under unique temporary names, and the job queue's state
//    is behind one mutex, so concurrent requests cannot corrupt a job or a file.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace spipsim::serve {

inline constexpr std::size_t kMaxBody = 256 * 1024;

struct ServeOptions {
  std::filesystem::path workspace = "spipsim-workspace";
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  std::filesystem::path web_dir;       // index.html, app.js, vendor/
  std::filesystem::path shipped_dir;   // the shipped scenarios
  std::filesystem::path source_dir;    // for analysis/ (HTML report); may be empty
  int thread_budget = 1;               // most threads one job may use
  std::string token;                   // empty: a random one
};

class WorkbenchServer {
 public:
  // Opens the workspace and the job queue, and binds. Throws std::runtime_error when the
  // address cannot be bound or the workspace cannot be made.
  explicit WorkbenchServer(ServeOptions options);
  ~WorkbenchServer();

  int port() const;                 // the bound port
  const std::string& token() const;
  std::string address() const;      // http://host:port/

  void run();   // serves until stop()
  void stop();  // from any thread

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spipsim::serve
