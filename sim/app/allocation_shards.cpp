#include "sim/app/allocation_shards.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <thread>

#include "sim/app/interrupt.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/sweep/task_journal.hpp"
#include "sim/io/file_verification.hpp"
#include "sim/io/h5_file_reader.hpp"

namespace spipsim::app {
namespace {

namespace fs = std::filesystem;

// The slice named by "<out>.shard-<i>-of-<n>.journal", if `name` is one.
std::optional<experiment::Shard> shard_of(const std::string& name, const std::string& out_name) {
  const std::string head = out_name + ".shard-", tail = ".journal";
  if (name.size() <= head.size() + tail.size() || !name.starts_with(head) || !name.ends_with(tail))
    return std::nullopt;
  const std::string middle = name.substr(head.size(), name.size() - head.size() - tail.size());
  const auto of = middle.find("-of-");
  if (of == std::string::npos) return std::nullopt;
  std::string i_of_n = middle.substr(0, of);  // "2-of-8" -> "2/8"
  i_of_n.push_back('/');
  i_of_n.append(middle, of + 4);
  return experiment::parse_shard(i_of_n);
}

std::string hex(std::uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

}  // namespace

fs::path allocation_journal(const fs::path& out, const std::optional<experiment::Shard>& shard) {
  fs::path path = out;
  if (shard) path += experiment::shard_suffix(*shard);
  path += ".journal";
  return path;
}

std::vector<fs::path> other_journals(const fs::path& out, const fs::path& own) {
  const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const std::string name = out.filename().string();
  std::vector<fs::path> found;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    const std::string file = entry.path().filename().string();
    if (file != name + ".journal" && !shard_of(file, name)) continue;
    const fs::path path = out.parent_path() / file;
    if (path.filename() != own.filename()) found.push_back(path);
  }
  std::sort(found.begin(), found.end());  // the order of reading does not change the results
  return found;
}

std::uint64_t read_other_journals(const fs::path& out, const fs::path& own,
                                  std::uint64_t fingerprint, experiment::TaskResults& results) {
  std::uint64_t fresh = 0;
  for (const fs::path& journal : other_journals(out, own))
    fresh += experiment::TaskJournal::read(journal, fingerprint, results);
  return fresh;
}

void remove_idle_journals(const fs::path& out, const fs::path& own) {
  for (const fs::path& journal : other_journals(out, own)) {
    const int fd = ::open(journal.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) continue;
    // Held: a slice still running, which removes its journal itself when it sees the file.
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) ::unlink(journal.c_str());
    ::close(fd);
  }
}

bool allocation_written(const fs::path& out, std::uint64_t fingerprint) {
  std::error_code ec;
  if (!fs::is_regular_file(out, ec)) return false;
  const io::FileVerification verified = io::verify_file(out);
  if (!verified.ok() || verified.kind != "allocation") return false;
  try {
    return io::H5FileReader::open(out).string_attribute("/manifest", "fingerprint") ==
           hex(fingerprint);
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<std::uint64_t> wait_for_tasks(
    const fs::path& out, const fs::path& own, std::uint64_t fingerprint,
    experiment::TaskResults& results, const std::vector<std::uint64_t>& tasks,
    std::chrono::duration<double> wait,
    const std::function<void(const std::vector<std::uint64_t>&)>& waiting) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  bool said = false;
  for (int look = 0;; ++look) {
    read_other_journals(out, own, fingerprint, results);
    std::vector<std::uint64_t> missing;
    for (std::uint64_t t : tasks)
      if (!results.done[t]) missing.push_back(t);
    if (missing.empty() || Clock::now() - start >= wait) return missing;
    // Every tenth look: checking the file (verify_file) costs a child process.
    if (look % 10 == 0 && allocation_written(out, fingerprint)) throw AlreadyWritten();
    if (!said) waiting(missing);
    said = true;
    // A second between looks, in short sleeps so that Ctrl-C and SIGTERM are prompt.
    for (int i = 0; i < 10 && Clock::now() - start < wait; ++i) {
      if (interrupt_requested()) throw experiment::Interrupted();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

std::string owners_of(const std::vector<std::uint64_t>& tasks, std::uint64_t n) {
  std::set<std::uint64_t> slices;
  for (std::uint64_t t : tasks) slices.insert(t % n + 1);
  std::string text = slices.size() == 1 ? "shard " : "shards ";
  std::size_t k = 0;
  for (std::uint64_t s : slices) {
    text += (k == 0 ? "" : k + 1 == slices.size() ? " and " : ", ") + std::to_string(s);
    ++k;
  }
  return text;
}

}  // namespace spipsim::app
