#include "sim/engine/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace spipsim::engine {

namespace {

std::string kind_of(int result, const struct stat& info) {
  if (result != 0) return errno == ENOENT || errno == ENOTDIR ? "missing" : std::strerror(errno);
  if (S_ISREG(info.st_mode)) return "";
  if (S_ISDIR(info.st_mode)) return "a directory";
  if (S_ISFIFO(info.st_mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(info.st_mode)) return "a character device";
  if (S_ISBLK(info.st_mode)) return "a block device";
  if (S_ISSOCK(info.st_mode)) return "a socket";
  if (S_ISLNK(info.st_mode)) return "a symbolic link";
  return "not a regular file";
}

std::string problem_of_kind(const std::string& kind) {
  if (kind == "missing") return "does not exist";
  if (kind.starts_with("a ")) return "is " + kind + ", not a regular file";
  return "cannot be read (" + kind + ")";
}

std::string too_large(std::uintmax_t size, std::uintmax_t max_bytes) {
  return "is " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
         " allowed for this kind of file";
}

}  // namespace

std::string non_regular_kind(const std::filesystem::path& path) {
  struct stat info {};
  int result = ::stat(path.c_str(), &info);
  return kind_of(result, info);
}

std::string non_regular_kind_no_follow(const std::filesystem::path& path) {
  struct stat info {};
  int result = ::lstat(path.c_str(), &info);
  return kind_of(result, info);
}

std::optional<std::string> input_file_problem(const std::filesystem::path& path,
                                              std::uintmax_t max_bytes) {
  struct stat info {};
  int result = ::stat(path.c_str(), &info);
  std::string kind = kind_of(result, info);
  if (!kind.empty()) return problem_of_kind(kind);
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) return too_large(info.st_size, max_bytes);
  return std::nullopt;
}

bool read_input_file(const std::filesystem::path& path, std::string& text, std::string& problem,
                     std::uintmax_t max_bytes) {
  if (auto p = input_file_problem(path, max_bytes)) {
    problem = *p;
    return false;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    problem = "cannot be read (" + std::string(std::strerror(errno)) + ")";
    return false;
  }
  struct stat info {};
  std::string kind = kind_of(::fstat(fd, &info), info);
  if (!kind.empty()) {
    ::close(fd);
    problem = problem_of_kind(kind);
    return false;
  }
  text.clear();
  char block[65536];
  for (;;) {
    ssize_t got = ::read(fd, block, sizeof block);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      problem = "cannot be read (" + std::string(std::strerror(errno)) + ")";
      ::close(fd);
      return false;
    }
    if (got == 0) break;
    text.append(block, static_cast<std::size_t>(got));
    if (text.size() > max_bytes) {
      problem = too_large(text.size(), max_bytes) + " (it grew while being read)";
      ::close(fd);
      return false;
    }
  }
  ::close(fd);
  return true;
}

}  // namespace spipsim::engine
