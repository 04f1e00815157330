#include "sim/io/run_manifest.hpp"

#include "spipsim_git_revision.h"  // generated at build time (cmake/git_revision.cmake)

#include <chrono>
#include <ctime>

#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_file_writer.hpp"

namespace spipsim::io {

namespace {

constexpr std::string_view kManifest = "/manifest";

// Safe unquoted in POSIX shells; anything else gets single quotes.
bool shell_safe(std::string_view argument) {
  if (argument.empty()) return false;
  for (char c : argument) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("-_./=:,+@%").find(c) != std::string_view::npos;
    if (!plain) return false;
  }
  return true;
}

}  // namespace

std::string_view spipsim_version() {
  return SPIPSIM_VERSION;
}
std::string_view git_revision() {
  return SPIPSIM_GIT_REVISION;
}

std::string iso8601_utc(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

RunManifest make_manifest(RunManifest fields) {
  fields.spipsim_version = spipsim_version();
  fields.git_revision = git_revision();
  auto now = std::chrono::system_clock::now().time_since_epoch();
  fields.created_utc = iso8601_utc(std::chrono::duration_cast<std::chrono::seconds>(now).count());
  return fields;
}

std::string quote_command_line(int argc, const char* const* argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    std::string_view argument = argv[i];
    if (i > 0) line += ' ';
    if (shell_safe(argument)) {
      line += argument;
      continue;
    }
    line += '\'';
    for (char c : argument) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += '\'';
  }
  return line;
}

void write_manifest(H5FileWriter& writer, const RunManifest& manifest) {
  writer.attribute(kManifest, "spipsim_version", manifest.spipsim_version);
  writer.attribute(kManifest, "git_revision", manifest.git_revision);
  writer.attribute(kManifest, "command_line", manifest.command_line);
  writer.attribute(kManifest, "scenario_name", manifest.scenario_name);
  writer.attribute(kManifest, "scenario_text", manifest.scenario_text);
  writer.attribute(kManifest, "scenario_description", manifest.scenario_description);
  writer.attribute(kManifest, "seed", manifest.seed);
  writer.attribute(kManifest, "replicates", manifest.replicates);
  writer.attribute(kManifest, "years", manifest.years);
  writer.attribute(kManifest, "created_utc", manifest.created_utc);
  writer.attribute(kManifest, "kind", manifest.kind);
  writer.attribute(kManifest, "schema_version", manifest.schema_version);
  writer.attribute("/", "spipsim_schema_version", manifest.schema_version);
  writer.attribute("/", "spipsim_kind", manifest.kind);
}

RunManifest read_manifest(const H5FileReader& reader) {
  if (!reader.has_attribute("/", "spipsim_schema_version") || !reader.has(kManifest))
    throw IoError("results file " + quoted_name(reader.path().native()) +
                  " has no spipsim manifest (was it written by spipsim?)");
  RunManifest m;
  m.spipsim_version = reader.string_attribute(kManifest, "spipsim_version");
  m.git_revision = reader.string_attribute(kManifest, "git_revision");
  m.command_line = reader.string_attribute(kManifest, "command_line");
  m.scenario_name = reader.string_attribute(kManifest, "scenario_name");
  m.scenario_text = reader.string_attribute(kManifest, "scenario_text");
  m.scenario_description = reader.string_attribute(kManifest, "scenario_description");
  m.seed = reader.uint_attribute(kManifest, "seed");
  m.replicates = reader.int_attribute(kManifest, "replicates");
  m.years = reader.number_attribute(kManifest, "years");
  m.created_utc = reader.string_attribute(kManifest, "created_utc");
  m.kind = reader.string_attribute(kManifest, "kind");
  m.schema_version = reader.int_attribute(kManifest, "schema_version");
  return m;
}

}  // namespace spipsim::io
