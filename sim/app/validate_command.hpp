#pragma once
// `spipsim validate VALIDATION.toml`: runs the baseline against every published target and
// the policy variants against the literature's effect sizes (experiment/study/validation.hpp);
// prints the report and, with --out, writes it as Markdown (docs/validation.md is made this
// way, never by hand). Exit 0 when every target is inside its tolerance, 1 when one is not
// (effects outside their range are reported, not failed: they are findings), 2 on bad input.
#include <string>

#include <CLI/CLI.hpp>

namespace spipsim::app {

struct ValidateOptions {
  std::string file;
  std::string out;  // Markdown report; empty: none
  bool targets_only = false;
  int threads = 0;
  bool quiet = false;
};

CLI::App* add_validate_command(CLI::App& app, ValidateOptions& options);

int validate_command(const ValidateOptions& options, const std::string& command_line);

}  // namespace spipsim::app
