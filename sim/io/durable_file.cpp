#include "sim/io/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "sim/io/io_error.hpp"

namespace spipsim::io {

namespace fs = std::filesystem;

namespace {

// Why a file could not be created in `directory`, and what to do about it.
std::string creation_failure(int error_number, const fs::path& directory) {
  std::string cause = std::strerror(error_number);
  switch (error_number) {
    case EACCES:
    case EPERM:
      return "directory " + quoted_name(directory.native()) + " is not writable (" + cause +
             "; fix its permissions or choose another --out)";
    case EROFS:
      return "directory " + quoted_name(directory.native()) +
             " is on a read-only file system (choose another --out)";
    case ENAMETOOLONG:
      return "the file name is too long (choose a shorter --out)";
    default:
      std::string remedy = remedy_for_errno(error_number);
      return !remedy.empty()
                 ? remedy
                 : "cannot create a file in directory " + quoted_name(directory.native()) + " (" +
                       cause + "; choose another --out)";
  }
}

}  // namespace

std::string remedy_for_errno(int error_number) {
  switch (error_number) {
    case ENOSPC:
      return "the disk is full (free some space or choose another --out)";
    case EDQUOT:
      return "the disk quota is exhausted (free some space or choose another --out)";
    case EFBIG:
      return "the file has reached the size limit of this process or file system "
             "(raise the limit, e.g. `ulimit -f`, or choose another --out)";
    default:
      return {};
  }
}

fs::path directory_of(const fs::path& file) {
  return file.parent_path().empty() ? fs::path(".") : file.parent_path();
}

void probe_writable(const fs::path& file) {
  std::string head = "cannot create results file " + quoted_name(file.native()) + ": ";
  if (file.filename().empty())
    throw IoError(head + "it has no file name (give --out a file name, e.g. results.h5)");
  fs::path directory = directory_of(file);
  std::error_code ec;
  fs::file_status status = fs::status(directory, ec);
  if (!fs::exists(status))
    throw IoError(head + "directory " + quoted_name(directory.native()) +
                  " does not exist (create it or choose another --out)");
  if (!fs::is_directory(status))
    throw IoError(head + quoted_name(directory.native()) +
                  " is not a directory (choose another --out)");
  if (fs::is_directory(file, ec))
    throw IoError(head + "it is a directory (give --out a file name)");
  std::string probe = file.string() + ".probe-XXXXXX";
  int fd = ::mkstemp(probe.data());
  if (fd < 0) throw IoError(head + creation_failure(errno, directory));
  ::close(fd);
  ::unlink(probe.c_str());
}

void sync_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  int error_number = fd < 0 ? errno : 0;
  if (fd >= 0 && ::fsync(fd) != 0) error_number = errno;
  if (fd >= 0) ::close(fd);
  if (error_number != 0) {
    std::string remedy = remedy_for_errno(error_number);
    throw IoError("cannot write results file " + quoted_name(path.native()) + " to disk: " +
                  std::strerror(error_number) + (remedy.empty() ? "" : "; " + remedy));
  }
}

void sync_directory(const fs::path& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace spipsim::io
