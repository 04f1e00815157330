#pragma once
// `spipsim calibrate CALIBRATION.toml`: fits the free parameters of a calibration file to
// its published targets under common random numbers (experiment/study/calibration.hpp), writes the
// fitted scenario (a TOML file that extends the original) and prints every target with its
// simulated value, interval and whether it is inside its tolerance. Progress on stderr;
// resumable from its journal. Exit codes as for `run` (exit_codes.hpp).
#include <string>

#include <CLI/CLI.hpp>

namespace spipsim::app {

struct CalibrateOptions {
  std::string file;
  std::string journal;  // empty: <output>.journal
  bool restart = false;
  int threads = 0;
  bool quiet = false;
};

CLI::App* add_calibrate_command(CLI::App& app, CalibrateOptions& options);

int calibrate_command(const CalibrateOptions& options, const std::string& command_line);

}  // namespace spipsim::app
