#include "sim/experiment/run/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "sim/engine/content_hash.hpp"

namespace spipsim::experiment {
namespace {

constexpr std::array<char, 8> kMagic = {'S', 'P', 'I', 'P', 'J', 'R', 'N', '2'};

struct Header {
  std::array<char, 8> magic = kMagic;
  std::array<char, 8> kind{};
  std::uint64_t fingerprint = 0;
  std::uint64_t size_a = 0;
  std::uint64_t size_b = 0;
};
static_assert(sizeof(Header) == 40);

Header header_of(const JournalIdentity& identity) {
  if (identity.kind.size() > 8) throw std::logic_error("journal kind longer than 8 characters");
  Header header;
  std::memcpy(header.kind.data(), identity.kind.data(), identity.kind.size());
  header.fingerprint = identity.fingerprint;
  header.size_a = identity.size_a;
  header.size_b = identity.size_b;
  return header;
}

std::string system_error(const std::filesystem::path& path, const char* what) {
  return "journal " + path.string() + ": " + what + ": " + std::strerror(errno);
}

std::uint64_t check_of(const unsigned char* data, std::size_t size) {
  return engine::ContentHash().bytes(data, size).value();
}

bool write_all(int fd, const unsigned char* p, std::size_t size) {
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

bool read_at(int fd, void* data, std::size_t size, off_t at) {
  auto* p = static_cast<unsigned char*>(data);
  while (size > 0) {
    const ssize_t n = ::pread(fd, p, size, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    at += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads the records after the header, in order, until one is cut short, fails its check or
// is refused; counts them in `count` and returns where the good records end.
off_t read_records(int fd, off_t end, const Journal::RecordReader& on_record,
                   std::uint64_t& count) {
  off_t good_end = sizeof(Header);
  std::vector<unsigned char> record;
  for (;;) {
    std::uint64_t length = 0;
    // A length that does not fit in what remains is a torn (or damaged) record.
    if (end - good_end < 16 || !read_at(fd, &length, 8, good_end) ||
        length > static_cast<std::uint64_t>(end - good_end - 16))
      break;
    record.resize(8 + length + 8);
    if (!read_at(fd, record.data(), record.size(), good_end)) break;
    std::uint64_t check = 0;
    std::memcpy(&check, record.data() + 8 + length, 8);
    if (check_of(record.data(), 8 + length) != check) break;
    if (!on_record(std::span<const unsigned char>(record.data() + 8, length))) break;
    ++count;
    good_end += static_cast<off_t>(record.size());
  }
  return good_end;
}

}  // namespace

std::uint64_t Journal::read(const std::filesystem::path& path, const JournalIdentity& identity,
                            std::string_view mismatch, const RecordReader& on_record) {
  const Header expected = header_of(identity);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return 0;  // not there (yet), or removed once the job was done
    throw std::runtime_error(system_error(path, "cannot open"));
  }
  struct stat st {};
  std::uint64_t count = 0;
  Header header;
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  // A header cut short is a journal being created: nothing in it yet.
  if (regular && st.st_size >= static_cast<off_t>(sizeof header)) {
    if (!read_at(fd, &header, sizeof header, 0) ||
        std::memcmp(&header, &expected, sizeof header) != 0) {
      ::close(fd);
      throw JournalMismatch("journal " + path.string() + " " + std::string(mismatch));
    }
    read_records(fd, st.st_size, on_record, count);
  }
  ::close(fd);
  if (!regular) throw std::runtime_error("journal " + path.string() + ": not a regular file");
  return count;
}

Journal::Journal(std::filesystem::path path, const JournalIdentity& identity,
                 std::string_view mismatch, const RecordReader& on_record)
    : path_(std::move(path)) {
  const Header expected = header_of(identity);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(system_error(path_, "cannot open"));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw std::runtime_error(system_error(path_, "cannot read"));
  const off_t end = st.st_size;
  off_t good_end = sizeof(Header);
  Header header;
  if (end >= static_cast<off_t>(sizeof header) && read_at(fd_, &header, sizeof header, 0)) {
    if (std::memcmp(&header, &expected, sizeof header) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw JournalMismatch("journal " + path_.string() + " " + std::string(mismatch));
    }
    good_end = read_records(fd_, end, on_record, recovered_);
  } else {
    // Empty, or a header cut short by a crash at creation (a prefix of the expected header):
    // start the journal again. Anything else short is another file: keep it.
    std::vector<unsigned char> start(static_cast<std::size_t>(end));
    if (end > 0 && (!read_at(fd_, start.data(), start.size(), 0) ||
                    std::memcmp(start.data(), &expected, start.size()) != 0)) {
      ::close(fd_);
      fd_ = -1;
      throw JournalMismatch("journal " + path_.string() + " " + std::string(mismatch));
    }
    if (!write_all(fd_, reinterpret_cast<const unsigned char*>(&expected), sizeof expected))
      throw std::runtime_error(system_error(path_, "cannot write"));
  }
  // Whatever follows the last good record is a torn write: cut it off before appending.
  if (::ftruncate(fd_, good_end) != 0 || ::lseek(fd_, good_end, SEEK_SET) < 0 || ::fsync(fd_) != 0)
    throw std::runtime_error(system_error(path_, "cannot prepare for appending"));
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(std::span<const unsigned char> payload) {
  const std::uint64_t length = payload.size();
  std::vector<unsigned char> record;
  record.reserve(8 + payload.size() + 8);
  const auto* length_bytes = reinterpret_cast<const unsigned char*>(&length);
  record.insert(record.end(), length_bytes, length_bytes + 8);
  record.insert(record.end(), payload.begin(), payload.end());
  const std::uint64_t check = check_of(record.data(), record.size());
  const auto* check_bytes = reinterpret_cast<const unsigned char*>(&check);
  record.insert(record.end(), check_bytes, check_bytes + 8);
  std::lock_guard lock(mutex_);
  if (fd_ < 0) throw std::logic_error("journal " + path_.string() + ": append after remove");
  if (!write_all(fd_, record.data(), record.size()))
    throw std::runtime_error(system_error(path_, "cannot record finished work"));
  if (::fdatasync(fd_) != 0)
    throw std::runtime_error(system_error(path_, "cannot sync finished work"));
}

void Journal::remove() {
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace spipsim::experiment
