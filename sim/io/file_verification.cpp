#include "sim/io/file_verification.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "sim/engine/input_file.hpp"
#include "sim/io/content_checksum.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_handle.hpp"
#include "sim/io/run_manifest.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPIPSIM_HAS_ASAN 1
#endif
#endif
#ifndef SPIPSIM_HAS_ASAN
#define SPIPSIM_HAS_ASAN 0
#endif

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

// The verdict as bytes through a pipe: status, schema version, then four strings, each
// length first.
void put(std::string& out, const void* data, std::size_t size) {
  out.append(static_cast<const char*>(data), size);
}

std::string serialise(const FileVerification& v) {
  std::string out;
  const auto status = static_cast<std::int64_t>(v.status);
  put(out, &status, sizeof status);
  put(out, &v.schema_version, sizeof v.schema_version);
  for (const std::string* s : {&v.reason, &v.kind, &v.spipsim_version, &v.checksum}) {
    const std::uint64_t size = s->size();
    put(out, &size, sizeof size);
    out += *s;
  }
  return out;
}

bool deserialise(const std::string& in, FileVerification& v) {
  std::size_t at = 0;
  auto take = [&](void* data, std::size_t size) {
    if (in.size() - at < size) return false;
    std::memcpy(data, in.data() + at, size);
    at += size;
    return true;
  };
  std::int64_t status = 0;
  if (!take(&status, sizeof status) || !take(&v.schema_version, sizeof v.schema_version))
    return false;
  if (status < 0 || status > static_cast<std::int64_t>(FileStatus::unreadable)) return false;
  v.status = static_cast<FileStatus>(status);
  for (std::string* s : {&v.reason, &v.kind, &v.spipsim_version, &v.checksum}) {
    std::uint64_t size = 0;
    if (!take(&size, sizeof size) || in.size() - at < size) return false;
    s->assign(in, at, size);
    at += size;
  }
  return at == in.size();
}

}  // namespace

FileVerification verify_file(const fs::path& path) {
  // In a child process: HDF5 1.10 itself crashes on some crafted files (a segmentation
  // fault in H5HG_read, reading a variable-length string of a damaged global heap, found by
  // tests/fuzz), which must end as a verdict, not take `check`, `merge` or `report` down.
  int channel[2];
  if (::pipe(channel) != 0) return verify_file_in_this_process(path);
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(channel[0]);
    ::close(channel[1]);
    return verify_file_in_this_process(path);
  }
  if (child == 0) {
    ::close(channel[0]);
    // Dies with its parent: a killed `check` must not leave a child reading on.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() == 1) ::_exit(4);
    // Bounds on the child, since a crafted file can also make HDF5 allocate without end
    // (3.8 GB in 8 s on one found by tests/fuzz) or loop: address space of 4 GiB plus 64
    // times the file (datasets are deflated; ours compress about 10 to 1), and CPU time of
    // 10 s plus 1 s per MB (verifying a results file takes far less; HDF5 loops without end
    // on another file found by tests/fuzz).
    std::error_code ec;
    const auto size = static_cast<rlim_t>(fs::file_size(path, ec));
    const rlimit memory{(rlim_t{4} << 30) + 64 * size, (rlim_t{4} << 30) + 64 * size};
    const rlimit cpu{10 + size / 1'000'000, 10 + size / 1'000'000};
    // (Not under AddressSanitizer, whose shadow memory alone is far above any such bound;
    // the fuzz harness caps each allocation through ASAN_OPTIONS instead.)
#if !defined(__SANITIZE_ADDRESS__) && !SPIPSIM_HAS_ASAN
    ::setrlimit(RLIMIT_AS, &memory);
#else
    (void)memory;
#endif
    ::setrlimit(RLIMIT_CPU, &cpu);
    const std::string bytes = serialise(verify_file_in_this_process(path));
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(channel[1], bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ::_exit(3);
      done += static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(channel[1]);
  std::string bytes;
  char block[4096];
  for (;;) {
    const ssize_t n = ::read(channel[0], block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.append(block, static_cast<std::size_t>(n));
  }
  ::close(channel[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  FileVerification v;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && deserialise(bytes, v)) return v;
  v = FileVerification{};
  v.status = FileStatus::unreadable;
  v.reason = WIFSIGNALED(status)
                 ? "unreadable (the HDF5 library crashed or exceeded its memory or time bound "
                   "reading it, signal " +
                       std::to_string(WTERMSIG(status)) + ": the file is damaged or crafted)"
                 : "unreadable (its verification failed)";
  return v;
}

FileVerification verify_file_in_this_process(const fs::path& path) {
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
