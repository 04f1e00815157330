#pragma once
// Internal to sim/io: the POSIX file-system side of writing a results file atomically —
// checking up front that the file can be created, and making it durable before publishing.
#include <filesystem>
#include <string>

namespace spipsim::io {

// The directory a file would be created in ("." for a bare file name).
std::filesystem::path directory_of(const std::filesystem::path& file);

// What to do about a failed write with this errno, e.g. "the disk is full (...)"; empty
// for errors without a specific remedy.
std::string remedy_for_errno(int error_number);

// Throws IoError saying what to do when a file cannot be created at `file`: its directory
// is missing, not a directory, not writable, read-only or full, or `file` is a directory.
// Creates and removes a uniquely named probe file next to `file`.
void probe_writable(const std::filesystem::path& file);

// Flushes a closed file's bytes to the disk; throws IoError (e.g. the disk is full).
// Without it a crash just after the rename could publish a complete-looking empty file.
void sync_file(const std::filesystem::path& path);

// Flushes a directory entry (after a rename). Best effort: some file systems refuse it.
void sync_directory(const std::filesystem::path& directory);

}  // namespace spipsim::io
