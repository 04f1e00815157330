#pragma once
// What every reader of a user's file checks before reading it: that it is a regular file
// (a FIFO would block the reader forever, a device such as /dev/zero never ends, a
// directory is a mistake) and that it is not larger than the reader's bound. Generic POSIX
// code with no knowledge of probation, so it sits in the lowest layer and every reader (the
// TOML readers in params/, the data files of model/, the HDF5 reader of io/) says the same.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace spipsim::engine {

// Bounds of the files people write by hand. The largest shipped TOML file is 7 KB and the
// largest data file 5 KB; a scenario of 4 MiB is already a mistake (or an attack), and
// parsing it takes well under a second.
inline constexpr std::uintmax_t kMaxTextInputBytes = 4u << 20;

// "a directory", "a FIFO (named pipe)", "a character device", ... for what `path` names
// when it is not a regular file (symbolic links followed); "" for a regular file;
// "missing" when nothing is there.
std::string non_regular_kind(const std::filesystem::path& path);

// The same for `path` itself, a symbolic link reported as "a symbolic link".
std::string non_regular_kind_no_follow(const std::filesystem::path& path);

// Why `path` cannot be read as an input: "does not exist", "is a FIFO (named pipe), not a
// regular file", "is 9000000 bytes, more than the 4194304 allowed"; nullopt when it can.
std::optional<std::string> input_file_problem(const std::filesystem::path& path,
                                              std::uintmax_t max_bytes = kMaxTextInputBytes);

// Reads a regular file of at most `max_bytes` into `text`; false with `problem` (the words
// of input_file_problem) otherwise. The kind is checked on the open descriptor, and the open
// uses O_NONBLOCK, so a FIFO swapped in after a check cannot block; reading stops at
// max_bytes + 1 even if the file grows meanwhile. (Interruption: the command line exits at
// once on Ctrl-C while it is still reading its inputs, see app/interrupt.hpp.)
bool read_input_file(const std::filesystem::path& path, std::string& text, std::string& problem,
                     std::uintmax_t max_bytes = kMaxTextInputBytes);

}  // namespace spipsim::engine
