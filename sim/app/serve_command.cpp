#include "sim/app/serve_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "sim/app/command_common.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/serve/workbench_server.hpp"

namespace spipsim::app {

namespace fs = std::filesystem;

namespace {

// The source tree this binary was built from holds web/ and scenarios/ (as `report` finds
// analysis/ there); else the parent of the executable's folder.
fs::path source_tree() {
#ifdef SPIPSIM_SOURCE_DIR
  if (fs::is_regular_file(fs::path(SPIPSIM_SOURCE_DIR) / "web" / "index.html"))
    return SPIPSIM_SOURCE_DIR;
#endif
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path{} : executable.parent_path().parent_path();
}

}  // namespace

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options) {
  CLI::App* command = app.add_subcommand(
      "serve", "Serve the local web workbench: build scenarios, run and compare them");
  command->add_option("--workspace,-w", options.workspace,
                      "Folder for your scenarios, jobs and results")
      ->capture_default_str();
  command->add_option("--host", options.host,
                      "Address to listen on (loopback by default: only this machine)")
      ->capture_default_str();
  command->add_option("--port,-p", options.port, "Port to listen on")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  add_threads_option(*command, options.threads);
  return command;
}

int serve_command(const ServeOptions& options) {
  const fs::path root = source_tree();
  if (!fs::is_regular_file(root / "web" / "index.html")) {
    std::cerr << "spipsim serve: cannot find web/index.html in the source tree (" << root.string()
              << "); run the spipsim built from it\n";
    return kExitFailure;
  }
  serve::ServeOptions server_options;
  server_options.workspace = options.workspace;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.web_dir = root / "web";
  server_options.shipped_dir = root / "scenarios";
  server_options.source_dir = root;
  server_options.thread_budget = total_threads(options.threads);
  std::unique_ptr<serve::WorkbenchServer> server;
  try {
    server = std::make_unique<serve::WorkbenchServer>(server_options);
  } catch (const std::exception& error) {
    std::cerr << "spipsim serve: " << error.what() << "\n";
    return kExitBadInput;
  }
  install_interrupt_handler();
  std::cout << "spipsim workbench: open " << server->address() << " in your browser\n"
            << "workspace: " << fs::absolute(options.workspace).string() << "\n"
            << "press Ctrl-C to stop\n"
            << std::flush;
  if (options.host != "127.0.0.1" && options.host != "localhost")
    std::cerr << "warning: listening on " << options.host
              << ": other machines may reach the workbench\n";
  // Ctrl-C sets a flag (interrupt.hpp); a watcher stops the server when it does.
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done && !interrupt_requested())
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    server->stop();
  });
  server->run();
  done = true;
  watcher.join();
  server.reset();  // cancels a running job: it leaves no results file
  return interrupt_requested() ? kExitInterrupted : kExitSuccess;
}

}  // namespace spipsim::app
