#pragma once
// What every harness shares: a private folder that looks like the source tree to the
// readers (the shipped scenarios and data reachable by the relative paths the shipped files
// use), and writing one fuzz input there as a file, since every reader takes a path.
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

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

}  // namespace spipsim::fuzz
