#pragma once
// What every harness shares: a private folder that looks like the source tree to the
// readers (the shipped scenarios and data reachable by the relative paths the shipped files
// use), and writing one fuzz input there as a file, since every reader takes a path.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace spipsim::fuzz {

namespace fs = std::filesystem;

// <tmp>/spipsim-fuzz-<pid>/: scenarios -> the source's scenarios/, data -> data/, and in
// <tmp>/.../input/ a link to every shipped scenario, so that "../scenarios/x.toml",
// "../data/targets.toml", "small-site.toml" and "../small-site.toml" all resolve.
inline const fs::path& input_folder() {
  static const fs::path folder = [] {
    const fs::path source(SPIPSIM_SOURCE_DIR);
    const fs::path root = fs::temp_directory_path() / ("spipsim-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "input");
    fs::create_directory_symlink(source / "scenarios", root / "scenarios");
    fs::create_directory_symlink(source / "data", root / "data");
    for (const auto& entry : fs::directory_iterator(source / "scenarios"))
      if (entry.path().extension() == ".toml") {
        fs::create_symlink(entry.path(), root / entry.path().filename());
        fs::create_symlink(entry.path(), root / "input" / entry.path().filename());
      }
    // Removed at a normal exit (libFuzzer's -max_total_time ends with exit()); a crash
    // leaves it for a look.
    static const fs::path removed_at_exit = root;
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(removed_at_exit, ignored);
    });
    return root / "input";
  }();
  return folder;
}

// Writes the input to <input folder>/<name> and returns its path.
inline fs::path write_input(const std::uint8_t* data, std::size_t size, const std::string& name) {
  const fs::path path = input_folder() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// A journal file (experiment/run/journal.hpp) made from a fuzz input, so that the fuzzer
// reaches the readers of records instead of stopping at the header or a check hash. The
// first byte chooses how:
//   odd: the rest is the whole file, as found on disk;
//   even: `header` (a valid one of the harness's job), then the rest read as records, each
//     a 2-byte little-endian length and that many payload bytes (cut short at the end),
//     written as the journal writes them (length, payload, FNV-1a check of both); then, if
//     bit 1 is set, the last record's check is flipped (a damaged record), and bits 2-7
//     say how many bytes to cut off the end (a torn write).
inline std::string journal_from_input(std::string_view header, const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return {};
  const std::uint8_t mode = data[0];
  if (mode % 2 == 1) return std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string file(header);
  std::size_t at = 1, last_check = std::string::npos;
  while (at + 2 <= size) {
    std::size_t length = data[at] | (std::size_t{data[at + 1]} << 8);
    at += 2;
    if (length > size - at) length = size - at;
    std::vector<unsigned char> record(8 + length + 8);
    const std::uint64_t length64 = length;
    std::memcpy(record.data(), &length64, 8);
    if (length > 0) std::memcpy(record.data() + 8, data + at, length);
    std::uint64_t check = 0xcbf29ce484222325ULL;  // engine::ContentHash, FNV-1a 64
    for (std::size_t i = 0; i < 8 + length; ++i) check = (check ^ record[i]) * 0x100000001b3ULL;
    std::memcpy(record.data() + 8 + length, &check, 8);
    last_check = file.size() + 8 + length;
    file.append(reinterpret_cast<const char*>(record.data()), record.size());
    at += length;
  }
  if ((mode & 2) && last_check != std::string::npos) file[last_check] ^= 1;
  const std::size_t cut = mode >> 2;
  file.resize(file.size() > cut ? file.size() - cut : 0);
  return file;
}

}  // namespace spipsim::fuzz
