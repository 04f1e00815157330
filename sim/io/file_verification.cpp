#include "sim/io/file_verification.hpp"

#include <string_view>

#include "sim/engine/input_file.hpp"
#include "sim/io/content_checksum.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_handle.hpp"
#include "sim/io/run_manifest.hpp"

namespace spipsim::io {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kKind = "spipsim_kind";
constexpr std::string_view kSchema = "spipsim_schema_version";

// The checks after the file is known to be HDF5, in the order a user wants the answer:
// a foreign file, then an unfinished one (a killed run's ".tmp" may hold nothing else),
// then a schema this build cannot read, then the checksum.
void verify_open_file(const H5FileReader& reader, FileVerification& v) {
  auto fail = [&](FileStatus status, std::string reason) {
    v.status = status;
    v.reason = std::move(reason);
  };
  bool has_kind = reader.has_attribute("/", kKind);
  bool has_schema = reader.has_attribute("/", kSchema);
  bool has_complete = reader.has_attribute("/", kCompleteAttribute);
  if (!has_kind && !has_schema && !has_complete)
    return fail(FileStatus::not_spipsim,
                "not a spipsim results file (no spipsim_kind, spipsim_schema_version or "
                "complete attribute at its root)");
  if (has_kind) v.kind = reader.string_attribute("/", kKind);
  if (has_schema) v.schema_version = reader.int_attribute("/", kSchema);
  if (reader.has_attribute("/manifest", "spipsim_version"))
    v.spipsim_version = reader.string_attribute("/manifest", "spipsim_version");
  if (!has_complete)
    return fail(FileStatus::incomplete, "incomplete (no 'complete' attribute at its root)");
  std::int64_t complete = reader.int_attribute("/", kCompleteAttribute);
  if (complete != 1)
    return fail(FileStatus::incomplete,
                "incomplete (complete = " + std::to_string(complete) +
                    ": the program writing it stopped before the end, e.g. a '.tmp' left by "
                    "a killed run; run it again)");
  if (!has_kind || !has_schema)
    return fail(FileStatus::not_spipsim,
                "not a spipsim results file (no spipsim_kind or spipsim_schema_version "
                "attribute at its root)");
  if (v.schema_version != kSchemaVersion)
    return fail(FileStatus::unsupported_schema,
                "unsupported schema version " + std::to_string(v.schema_version) +
                    " (this spipsim reads version " + std::to_string(kSchemaVersion) +
                    "; check it with the spipsim that wrote it)");
  if (!reader.has_attribute("/", kChecksumAttribute))
    return fail(FileStatus::no_checksum,
                "no content checksum (written by a spipsim older than checksums; run it "
                "again to get a file that can be verified)");
  std::string algorithm = reader.string_attribute("/", kChecksumAlgorithmAttribute);
  if (algorithm != kChecksumAlgorithm)
    return fail(FileStatus::no_checksum, "unknown checksum algorithm " + quoted_name(algorithm) +
                                             " (this spipsim knows " +
                                             std::string(kChecksumAlgorithm) + ")");
  std::string stored = reader.string_attribute("/", kChecksumAttribute);
  std::string actual = checksum_hex(reader.content_checksum());
  std::string prefix = algorithm + ":";
  if (stored != actual)
    return fail(FileStatus::checksum_mismatch, "checksum mismatch (stored " + prefix + stored +
                                                   ", content now " + prefix + actual +
                                                   ": the file was changed after it was written)");
  v.checksum = prefix + stored;
}

}  // namespace

FileVerification verify_file(const fs::path& path) {
  FileVerification v;
  // Before HDF5 opens it: a FIFO would block the open forever, a device never ends.
  const std::string kind = engine::non_regular_kind(path);
  if (kind == "missing") {
    v.status = FileStatus::missing;
    v.reason = "does not exist";
    return v;
  }
  if (!kind.empty()) {
    v.status = FileStatus::missing;
    v.reason = kind.starts_with("a ") ? "is " + kind + ", not a results file"
                                      : "cannot be inspected (" + kind + ")";
    return v;
  }
  prepare_hdf5();
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    v.status = FileStatus::not_hdf5;
    v.reason = "not an HDF5 file";
    return v;
  }
  try {
    verify_open_file(H5FileReader::open(path), v);
  } catch (const IoError& error) {
    v.status = FileStatus::unreadable;
    v.reason = std::string("unreadable (") + error.what() + ")";
  }
  return v;
}

const char* status_name(FileStatus status) {
  switch (status) {
    case FileStatus::ok:
      return "ok";
    case FileStatus::missing:
      return "missing";
    case FileStatus::not_hdf5:
      return "not_hdf5";
    case FileStatus::not_spipsim:
      return "not_spipsim";
    case FileStatus::incomplete:
      return "incomplete";
    case FileStatus::unsupported_schema:
      return "unsupported_schema";
    case FileStatus::no_checksum:
      return "no_checksum";
    case FileStatus::checksum_mismatch:
      return "checksum_mismatch";
    case FileStatus::unreadable:
      return "unreadable";
  }
  return "unknown";
}

}  // namespace spipsim::io
