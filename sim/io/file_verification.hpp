#pragma once
// Whether a results file is whole: an HDF5 file written by spipsim, of a schema this build
// reads, marked complete, whose content still has the checksum stored when it was written.
// `spipsim check` prints the verdict; merge and other readers can ask the same question.
#include <cstdint>
#include <filesystem>
#include <string>

namespace spipsim::io {

enum class FileStatus {
  ok,
  missing,             // no such file (or not a regular file)
  not_hdf5,            // not an HDF5 file at all
  not_spipsim,         // HDF5, but without spipsim's root attributes
  incomplete,          // complete != 1: a ".tmp" left by a killed run, say
  unsupported_schema,  // a schema version this build does not read
  no_checksum,         // complete, but without a content checksum (or with an unknown algorithm)
  checksum_mismatch,   // the content changed after it was written
  unreadable,          // HDF5 failed to read part of it (a damaged file)
};

struct FileVerification {
  FileStatus status = FileStatus::ok;
  // Why it failed, in one line starting with the verdict ("incomplete (...)"); empty when ok.
  std::string reason;
  // What the file says about itself, as far as it could be read ("" or 0 when not).
  std::string kind;
  std::int64_t schema_version = 0;
  std::string spipsim_version;
  std::string checksum;  // "fnv1a64:0123456789abcdef": the stored checksum, once verified

  bool ok() const { return status == FileStatus::ok; }
};

// Verifies one file. Never throws IoError: every failure becomes a status and a reason.
// Reads the whole file (every dataset enters the checksum). The HDF5 part runs in a child
// process, so that a file on which the HDF5 library itself crashes (crafted or damaged)
// gets the verdict "unreadable" instead of killing the caller.
FileVerification verify_file(const std::filesystem::path& path);

// The same in this process (what the child of verify_file runs).
FileVerification verify_file_in_this_process(const std::filesystem::path& path);

// "ok", "missing", "not_hdf5", ...: the status as a stable name for scripts (--json).
const char* status_name(FileStatus status);

}  // namespace spipsim::io
