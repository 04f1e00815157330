#include "sim/app/report_command.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <vector>

#include "sim/app/exit_codes.hpp"
#include "sim/io/file_verification.hpp"

extern char** environ;

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;

// Debian's interpreter, with python3-numpy, -pandas, -h5py and -matplotlib from
// scripts/install-deps; a python3 found first on PATH may lack them.
constexpr const char* kPython = "/usr/bin/python3";

bool has_analysis_package(const fs::path& root) {
  std::error_code ignored;
  return fs::is_regular_file(root / "analysis" / "report.py", ignored);
}

// The source tree holding analysis/: the one this binary was built from, else the parent
// of the folder the executable is in (a build folder inside the source tree, as build/).
std::optional<fs::path> find_source_tree(std::vector<fs::path>& tried) {
#ifdef SPIPSIM_SOURCE_DIR
  tried.emplace_back(SPIPSIM_SOURCE_DIR);
#endif
  std::error_code error;
  fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (!error) tried.push_back(executable.parent_path().parent_path());
  for (const fs::path& root : tried)
    if (has_analysis_package(root)) return root;
  return std::nullopt;
}

// This process's environment with `root` first on PYTHONPATH.
std::vector<std::string> environment_with_python_path(const fs::path& root) {
  std::vector<std::string> variables;
  std::string python_path = "PYTHONPATH=" + root.string();
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view variable = *entry;
    if (variable.starts_with("PYTHONPATH=")) {
      if (variable.size() > std::strlen("PYTHONPATH="))
        python_path += ":" + std::string(variable.substr(std::strlen("PYTHONPATH=")));
      continue;
    }
    variables.emplace_back(variable);
  }
  variables.push_back(std::move(python_path));
  return variables;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (std::string& s : strings) result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, ReportOptions& options) {
  CLI::App* command =
      app.add_subcommand("report", "Write the figures (PNG) and report.html of a results file");
  command
      ->add_option("results", options.results,
                   "Results file written by `spipsim run`, `compare` or `sweep`")
      ->required();
  command->add_option("--out,-o", options.out,
                      "Output folder (default: <results name>-report beside the results file)");
  return command;
}

int report_command(const ReportOptions& options) {
  // The whole verdict of `spipsim check` first: a file whose content no longer matches its
  // checksum was rendered with exit 0, and a FIFO would block the reader. In the one-line
  // form of the analysis package's own errors.
  const io::FileVerification verified = io::verify_file(options.results);
  if (!verified.ok()) {
    std::cerr << "spipsim: " << options.results << ": " << verified.reason
              << " (nothing written)\n";
    return kExitBadInput;
  }
  std::vector<fs::path> tried;
  std::optional<fs::path> root = find_source_tree(tried);
  if (!root) {
    std::cerr << "spipsim: cannot find the analysis package (analysis/report.py); looked in";
    for (const fs::path& t : tried) std::cerr << " '" << t.string() << "'";
    std::cerr << ": run spipsim from a build of a spipsim source tree\n";
    return kExitFailure;
  }

  std::vector<std::string> arguments{kPython, "-m", "analysis.report"};
  if (!options.out.empty()) arguments.insert(arguments.end(), {"--out", options.out});
  arguments.insert(arguments.end(), {"--", options.results});
  std::vector<std::string> environment = environment_with_python_path(*root);
  std::vector<char*> argv = pointers(arguments), envp = pointers(environment);

  pid_t child = 0;
  int spawned = posix_spawn(&child, kPython, nullptr, nullptr, argv.data(), envp.data());
  if (spawned != 0) {
    std::cerr << "spipsim: cannot run " << kPython << " (" << std::strerror(spawned)
              << "): install Python 3 and its packages with scripts/install-deps\n";
    return kExitFailure;
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      std::cerr << "spipsim: lost track of the report process: " << std::strerror(errno) << "\n";
      return kExitFailure;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return kExitFailure;
}

}  // namespace spipsim::app
