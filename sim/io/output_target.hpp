#pragma once
// What a command may replace when it writes its results: only a regular file that is none
// of its own inputs. A device, FIFO, socket, directory or symbolic link at --out is refused
// (run as root, replacing /dev/null by a results file would break the machine), and so is
// the scenario, a variant, the design, a shard or a journal the command reads: writing over
// it would destroy the input with exit 0. Checked before any work, so a refusal costs nothing.
#include <filesystem>
#include <span>
#include <string>

namespace spipsim::io {

// One input of a command, and how messages name it ("the scenario", "shard file").
struct NamedInput {
  std::filesystem::path path;
  std::string role;
};

// Throws IoError (naming `out`, what is there and what to do) unless `out` is absent or a
// regular file that is not one of `inputs`. Inputs are compared by device and inode, so a
// hard link or another spelling of the same file counts. `what` names the output in the
// message ("results file", "journal", "report").
void check_output_target(const std::filesystem::path& out, std::span<const NamedInput> inputs,
                         const std::string& what = "results file");

}  // namespace spipsim::io
