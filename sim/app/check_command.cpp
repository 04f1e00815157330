#include "sim/app/check_command.hpp"

#include <iostream>

#include "sim/app/console/summary_printer.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/io/file_verification.hpp"

namespace spipsim::app {

namespace {

std::string text_line(const std::string& file, const io::FileVerification& v) {
  if (!v.ok()) return file + ": " + v.reason;
  return file + ": ok (kind " + v.kind + ", schema " + std::to_string(v.schema_version) +
         ", spipsim " + (v.spipsim_version.empty() ? "unknown" : v.spipsim_version) +
         ", checksum " + v.checksum + ")";
}

std::string json_object(const std::string& file, const io::FileVerification& v) {
  using experiment::json_string;
  return "{\"file\": " + json_string(file) + ", \"ok\": " + (v.ok() ? "true" : "false") +
         ", \"status\": " + json_string(io::status_name(v.status)) +
         ", \"reason\": " + json_string(v.reason) + ", \"kind\": " + json_string(v.kind) +
         ", \"schema_version\": " + std::to_string(v.schema_version) +
         ", \"spipsim_version\": " + json_string(v.spipsim_version) +
         ", \"checksum\": " + json_string(v.checksum) + "}";
}

}  // namespace

CLI::App* add_check_command(CLI::App& app, CheckOptions& options) {
  CLI::App* command = app.add_subcommand(
      "check", "Verify results files: spipsim file, complete, schema and content checksum");
  command->add_option("files", options.files, "Results files (HDF5)")->required();
  command->add_flag("--json", options.json, "Print a JSON array, one object per file");
  return command;
}

int check_command(const CheckOptions& options) {
  bool any_missing = false, any_failed = false;
  if (options.json) std::cout << "[";
  for (std::size_t i = 0; i < options.files.size(); ++i) {
    const std::string& file = options.files[i];
    io::FileVerification v = io::verify_file(file);
    any_missing = any_missing || v.status == io::FileStatus::missing;
    any_failed = any_failed || !v.ok();
    if (options.json)
      std::cout << (i == 0 ? "\n  " : ",\n  ") << json_object(file, v);
    else
      std::cout << text_line(file, v) << "\n";
    std::cout.flush();  // one verdict at a time: large files take a while each
  }
  if (options.json) std::cout << "\n]\n";
  if (any_missing) return kExitBadInput;
  return any_failed ? kExitFailure : kExitSuccess;
}

}  // namespace spipsim::app
