#include "sim/app/replicate_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "sim/engine/content_hash.hpp"
#include "sim/experiment/run/replicate_codec.hpp"
#include "sim/io/run_manifest.hpp"
#include "sim/model/simulation.hpp"

namespace spipsim::app {

namespace fs = std::filesystem;

namespace {

// What the stored replicates depend on: every scenario as resolved (the command-line
// overrides included), seed, replicates and the build.
std::uint64_t fingerprint_of(const std::vector<params::Scenario>& scenarios,
                             std::uint32_t replicates, std::uint64_t seed) {
  engine::ContentHash hash;
  hash.text("spipsim replicate journal v1").text(io::spipsim_version()).text(io::git_revision());
  hash.number(static_cast<std::uint64_t>(scenarios.size())).number(std::uint64_t{replicates});
  hash.number(seed);
  for (const params::Scenario& scenario : scenarios) hash.text(scenario.resolved_toml());
  return hash.value();
}

std::uint64_t hash_of(const std::vector<unsigned char>& bytes) {
  return engine::ContentHash().bytes(bytes.data(), bytes.size()).value();
}

std::string system_error(const fs::path& path, const char* what) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(errno);
}

// Closes a file descriptor on every way out.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

void write_all(int fd, const fs::path& path, const unsigned char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(system_error(path, "cannot write"));
    done += static_cast<std::size_t>(n);
  }
}

struct StoredBytes {
  std::size_t size = 0;
  std::uint64_t hash = 0;  // hash_of the bytes
};

// Writes the replicate's codec bytes to `path` durably and atomically (a crash leaves the
// old name or nothing), as they are encoded: a buffer of 1 MiB, never the whole encoding
// beside the output (bench/README.md, "Session 6").
StoredBytes write_durably(const fs::path& path, const model::ReplicateOutput& output) {
  const fs::path temporary = path.string() + ".tmp";
  FileDescriptor file{::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  if (file.fd < 0) throw std::runtime_error(system_error(temporary, "cannot create"));
  engine::ContentHash hash;
  StoredBytes stored;
  std::vector<unsigned char> buffer;
  buffer.reserve(std::size_t{1} << 20);
  experiment::encode_replicate(output, [&](const unsigned char* data, std::size_t size) {
    hash.bytes(data, size);
    stored.size += size;
    if (buffer.size() + size > buffer.capacity()) {
      write_all(file.fd, temporary, buffer.data(), buffer.size());
      buffer.clear();
    }
    if (size >= buffer.capacity())
      write_all(file.fd, temporary, data, size);
    else
      buffer.insert(buffer.end(), data, data + size);
  });
  write_all(file.fd, temporary, buffer.data(), buffer.size());
  if (::fsync(file.fd) != 0) throw std::runtime_error(system_error(temporary, "cannot sync"));
  ::close(file.fd);
  file.fd = -1;
  fs::rename(temporary, path);
  const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
  stored.hash = hash.value();
  return stored;
}

// The stored file's bytes when they have the recorded size and hash; nullopt otherwise.
std::optional<std::vector<unsigned char>> read_intact(const fs::path& path, double size,
                                                      double hash) {
  std::error_code ec;
  const auto actual = fs::file_size(path, ec);
  if (ec || static_cast<double>(actual) != size) return std::nullopt;
  std::vector<unsigned char> bytes(actual);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  // Compared as bits: a hash stored in a double may look like a NaN, which equals nothing.
  if (done != bytes.size() || hash_of(bytes) != std::bit_cast<std::uint64_t>(hash))
    return std::nullopt;
  return bytes;
}

}  // namespace

fs::path ReplicateStore::folder_for(const fs::path& out) {
  return fs::path(out.string() + ".replicates");
}

ReplicateStore::ReplicateStore(const fs::path& out, const std::vector<params::Scenario>& scenarios,
                               std::uint32_t replicates, std::uint64_t seed, bool quiet)
    : folder_(folder_for(out)),
      replicates_(replicates),
      results_(scenarios.size() * replicates, 2),
      quiet_(quiet) {
  const fs::path journal = experiment::TaskJournal::path_for(out);
  lock_.emplace(journal);
  journal_ = std::make_unique<experiment::TaskJournal>(
      journal, fingerprint_of(scenarios, replicates, seed), results_);
  fs::create_directories(folder_);
}

ReplicateStore::~ReplicateStore() = default;

experiment::ReplicateFunction ReplicateStore::replicate_function(std::size_t scenario_index) {
  return [this, scenario_index](const params::Scenario& scenario, std::uint32_t replicate,
                                std::uint64_t seed, const model::RunControl& control) {
    const std::uint64_t task = scenario_index * replicates_ + replicate;
    const fs::path file = folder_ / (std::to_string(task) + ".bin");
    if (results_.done[task]) {
      const std::span<const double> recorded = results_.of(task);
      if (auto bytes = read_intact(file, recorded[0], recorded[1]))
        return experiment::decode_replicate(*bytes);
    }
    model::ReplicateOutput output = model::run_replicate(scenario, replicate, seed, control);
    if (!storing_.load()) return output;
    try {
      // The file first: a replicate counts once both are on disk.
      const StoredBytes stored = write_durably(file, output);
      const double values[2] = {static_cast<double>(stored.size),
                                std::bit_cast<double>(stored.hash)};
      journal_->record(task, values);
    } catch (const std::exception& error) {
      std::error_code ignored;
      fs::remove(file.string() + ".tmp", ignored);
      if (storing_.exchange(false) && !quiet_)
        std::cerr << "spipsim: warning: finished replicates are no longer kept for a resume ("
                  << error.what() << "); the run goes on\n";
    }
    return output;
  };
}

void ReplicateStore::remove() {
  journal_->remove();
  std::error_code ignored;
  fs::remove_all(folder_, ignored);
  lock_.reset();
}

}  // namespace spipsim::app
