#pragma once
// `spipsim merge SHARD... [--out FILE]`: joins the shard files of one sweep (made by
// `spipsim sweep --shard i/n`) into the sweep file an unsharded run would have written.
// Refuses, naming each problem, a set that is incomplete, mixed or repeated.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace spipsim::app {

struct MergeOptions {
  std::vector<std::string> shards;
  std::string out;
  bool quiet = false;
};

CLI::App* add_merge_command(CLI::App& app, MergeOptions& options);
int merge_command(const MergeOptions& options, const std::string& command_line);

}  // namespace spipsim::app
