#pragma once
// `spipsim report RESULTS [-o DIR]`: the figures and HTML report of a results file. The work
// is done by the Python package analysis/ (`python3 -m analysis.report`); this command finds
// that package and the interpreter, runs it and passes its exit status through (0 done,
// 1 failure, 2 bad input: see exit_codes.hpp).
#include <string>

#include <CLI/CLI.hpp>

namespace spipsim::app {

struct ReportOptions {
  std::string results;
  std::string out;  // empty: analysis.report's default, "<results stem>-report" beside it
};

CLI::App* add_report_command(CLI::App& app, ReportOptions& options);

// Runs the report; returns its exit status, or kExitFailure when the interpreter or the
// analysis package cannot be found or started (the message says which and where).
int report_command(const ReportOptions& options);

}  // namespace spipsim::app
