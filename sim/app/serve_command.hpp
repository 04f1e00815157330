#pragma once
// `spipsim serve`: the local web workbench (sim/serve/, docs/workbench.md).
#include <CLI/CLI.hpp>

#include <string>

namespace spipsim::app {

struct ServeOptions {
  std::string workspace = "spipsim-workspace";
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;  // thread budget of one job; 0 = every hardware thread
};

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options);
int serve_command(const ServeOptions& options);

}  // namespace spipsim::app
