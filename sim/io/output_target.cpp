#include "sim/io/output_target.hpp"

#include <sys/stat.h>

#include "sim/engine/input_file.hpp"
#include "sim/io/io_error.hpp"

namespace spipsim::io {

void check_output_target(const std::filesystem::path& out, std::span<const NamedInput> inputs,
                         const std::string& what) {
  const std::string head = "cannot write " + what + " " + quoted_name(out.native()) + ": ";
  const std::string kind = engine::non_regular_kind_no_follow(out);
  if (!kind.empty() && kind != "missing") {
    if (kind.starts_with("a "))
      throw IoError(head + "it is " + kind + "; results only ever replace a regular file " +
                    "(choose another --out)");
    throw IoError(head + "cannot inspect it (" + kind + ")");
  }
  struct stat target {};
  const bool exists = ::stat(out.c_str(), &target) == 0;
  // weakly_canonical leaves a relative path that does not exist relative: absolute first.
  auto resolved = [](const std::filesystem::path& path, std::error_code& error) {
    std::filesystem::path absolute = std::filesystem::absolute(path, error);
    return error ? absolute : std::filesystem::weakly_canonical(absolute, error);
  };
  std::error_code ec;
  const std::filesystem::path canonical_out = resolved(out, ec);
  for (const NamedInput& input : inputs) {
    struct stat other {};
    // The same file: the same inode, or (for what does not exist yet, such as another
    // output of the command) the same path once resolved.
    bool same = exists && ::stat(input.path.c_str(), &other) == 0 &&
                other.st_dev == target.st_dev && other.st_ino == target.st_ino;
    if (!same && !ec) {
      std::error_code input_ec;
      same = resolved(input.path, input_ec) == canonical_out && !input_ec;
    }
    if (same)
      throw IoError(head + "it is " + input.role + " " + quoted_name(input.path.native()) +
                    ", an input of this command; writing there would destroy it (choose "
                    "another --out)");
  }
}

}  // namespace spipsim::io
