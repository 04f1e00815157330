#pragma once
// The manifest says how a results file was made: which build, which scenario (its full
// resolved text, so the run can be repeated without the original file), which seed and
// command line, and when. It is stored as attributes of the group "/manifest"; the root
// also carries "spipsim_schema_version" and "spipsim_kind" so that any reader (spipsim
// check, merge, h5py) can recognise a spipsim file from its first attributes.
#include <cstdint>
#include <string>
#include <string_view>

namespace spipsim::io {

class H5FileWriter;
class H5FileReader;

// The schema version of the results files this build writes and reads (docs/hdf5-schema.md).
inline constexpr std::int64_t kSchemaVersion = 1;

// This build's version ("0.1.0") and git revision (12 hex digits, or "unknown"), fixed at
// compile time.
std::string_view spipsim_version();
std::string_view git_revision();

// Every member has a default so that designated initializers may name only what they set.
struct RunManifest {
  std::string spipsim_version{::spipsim::io::spipsim_version()};
  std::string git_revision{::spipsim::io::git_revision()};
  std::string command_line{};  // as typed, arguments shell-quoted where needed
  std::string scenario_name{};
  std::string scenario_text{};  // the resolved scenario as TOML
  std::string scenario_description{};
  std::uint64_t seed = 0;
  std::int64_t replicates = 0;
  double years = 0.0;         // simulated horizon
  std::string created_utc{};  // ISO-8601, e.g. "2025-03-01T14:05:09Z"
  std::string kind = "run";   // what produced the file: "run" (later "merge", ...)
  std::int64_t schema_version = kSchemaVersion;  // of the results-file layout, docs/hdf5-schema.md
};

// Returns `fields` stamped with this build's version and git revision and the current UTC
// time; every other field is kept as given. Meant for designated initializers:
//   make_manifest({.command_line = ..., .scenario_name = ..., .seed = 42, ...})
RunManifest make_manifest(RunManifest fields);

// Writes the manifest as attributes of "/manifest" plus the two recognition attributes of
// the root. Throws IoError like any H5FileWriter call.
void write_manifest(H5FileWriter& writer, const RunManifest& manifest);

// Reads what write_manifest wrote. Throws IoError when the file has no spipsim manifest.
RunManifest read_manifest(const H5FileReader& reader);

// Joins argv into one line a shell would split back into the same arguments.
std::string quote_command_line(int argc, const char* const* argv);

// "YYYY-MM-DDThh:mm:ssZ" for a number of seconds since the Unix epoch.
std::string iso8601_utc(std::int64_t unix_seconds);

}  // namespace spipsim::io
