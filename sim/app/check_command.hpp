#pragma once
// `spipsim check FILE [FILE...] [--json]`: is each results file whole? One line per file on
// stdout: "FILE: ok (kind run, schema 1, spipsim 0.1.0, checksum fnv1a64:...)" or
// "FILE: <verdict> (<why>)" (io::verify_file decides). Exit 0 when every file is ok, 1 when
// one fails verification, 2 when a file does not exist (checked files are still reported).
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spipsim::app {

struct CheckOptions {
  std::vector<std::string> files;
  bool json = false;
};

CLI::App* add_check_command(CLI::App& app, CheckOptions& options);

int check_command(const CheckOptions& options);

}  // namespace spipsim::app
