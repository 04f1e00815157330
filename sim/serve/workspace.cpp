#include "sim/serve/workspace.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace spipsim::serve {

namespace fs = std::filesystem;

bool is_safe_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '-') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Workspace::Workspace(fs::path root) : root_(fs::absolute(std::move(root)).lexically_normal()) {
  fs::create_directories(scenarios_dir());
  fs::create_directories(jobs_dir());
  fs::create_directories(drafts_dir());
}

std::optional<fs::path> Workspace::scenario_file(std::string_view name) const {
  if (!is_safe_name(name)) return std::nullopt;
  return scenarios_dir() / (std::string(name) + ".toml");
}

std::optional<fs::path> Workspace::job_dir(std::string_view id) const {
  if (!is_safe_name(id)) return std::nullopt;
  return jobs_dir() / std::string(id);
}

void write_file_atomically(const fs::path& path, std::string_view text) {
  // A unique temporary name, so two requests writing the same file never share one.
  static std::atomic<unsigned long> counter{0};
  const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid()) + "-" +
                       std::to_string(counter.fetch_add(1));
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw std::runtime_error(std::string(what) + " " + path.string() + ": " + reason);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot write");
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("cannot sync");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot rename into");
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace spipsim::serve
