#include "sim/experiment/sweep/task_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "sim/engine/content_hash.hpp"

namespace spipsim::experiment {
namespace {

constexpr std::array<char, 8> kMagic = {'S', 'P', 'I', 'P', 'J', 'R', 'N', '1'};

struct Header {
  std::array<char, 8> magic = kMagic;
  std::uint64_t fingerprint = 0;
  std::uint64_t tasks = 0;
  std::uint64_t width = 0;
};
static_assert(sizeof(Header) == 32);

std::string system_error(const std::filesystem::path& path, const char* what) {
  return "task journal " + path.string() + ": " + what + ": " + std::strerror(errno);
}

// One record: task number, values, check; the check covers the task number and values.
std::vector<unsigned char> encode(std::uint64_t task, std::span<const double> values) {
  std::vector<unsigned char> record(8 + values.size_bytes() + 8);
  std::memcpy(record.data(), &task, 8);
  std::memcpy(record.data() + 8, values.data(), values.size_bytes());
  const std::uint64_t check = engine::ContentHash().bytes(record.data(), record.size() - 8).value();
  std::memcpy(record.data() + record.size() - 8, &check, 8);
  return record;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::filesystem::path TaskJournal::path_for(const std::filesystem::path& results_file) {
  std::filesystem::path p = results_file;
  p += ".journal";
  return p;
}

TaskJournal::TaskJournal(std::filesystem::path path, std::uint64_t fingerprint,
                         TaskResults& results)
    : path_(std::move(path)), width_(results.width) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(system_error(path_, "cannot open"));
  const Header expected{kMagic, fingerprint, results.tasks, results.width};
  Header header;
  const ssize_t got = ::pread(fd_, &header, sizeof header, 0);
  off_t good_end = sizeof(Header);
  if (got == static_cast<ssize_t>(sizeof header)) {
    if (std::memcmp(&header, &expected, sizeof header) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw JournalMismatch(
          "task journal " + path_.string() +
          " belongs to another sweep (a different design, scenario, seed, replicates or "
          "spipsim build); delete it to start afresh, or choose another --out");
    }
    const std::size_t record_size = 16 + width_ * 8;
    std::vector<unsigned char> record(record_size);
    for (;;) {
      if (::pread(fd_, record.data(), record_size, good_end) != static_cast<ssize_t>(record_size))
        break;
      std::uint64_t task = 0, check = 0;
      std::memcpy(&task, record.data(), 8);
      std::memcpy(&check, record.data() + record_size - 8, 8);
      if (engine::ContentHash().bytes(record.data(), record_size - 8).value() != check ||
          task >= results.tasks)
        break;
      std::vector<double> values(width_);
      std::memcpy(values.data(), record.data() + 8, width_ * 8);
      if (!results.done[task]) ++recovered_;
      results.record(task, values);
      good_end += static_cast<off_t>(record_size);
    }
  } else {
    // Empty, or a header cut short by a crash at creation: start the journal again.
    if (::pwrite(fd_, &expected, sizeof expected, 0) != static_cast<ssize_t>(sizeof expected))
      throw std::runtime_error(system_error(path_, "cannot write"));
  }
  // Whatever follows the last good record is a torn write: cut it off before appending.
  if (::ftruncate(fd_, good_end) != 0 || ::lseek(fd_, good_end, SEEK_SET) < 0 || ::fsync(fd_) != 0)
    throw std::runtime_error(system_error(path_, "cannot prepare for appending"));
}

TaskJournal::~TaskJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void TaskJournal::record(std::uint64_t task, std::span<const double> values) {
  if (values.size() != width_) throw std::logic_error("task journal: wrong number of values");
  const std::vector<unsigned char> record = encode(task, values);
  std::lock_guard lock(mutex_);
  if (!write_all(fd_, record.data(), record.size()))
    throw std::runtime_error(system_error(path_, "cannot record a finished task"));
  if (::fdatasync(fd_) != 0)
    throw std::runtime_error(system_error(path_, "cannot sync a finished task"));
}

void TaskJournal::remove() {
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace spipsim::experiment
