#include "sim/io/h5_handle.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "sim/io/durable_file.hpp"
#include "sim/io/io_error.hpp"

namespace spipsim::io {

H5Handle::H5Handle(H5Handle&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}

H5Handle& H5Handle::operator=(H5Handle&& other) noexcept {
  if (this != &other) {
    close();
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    closer_ = other.closer_;
  }
  return *this;
}

bool H5Handle::close() {
  if (id_ < 0) return true;
  herr_t status = closer_(std::exchange(id_, H5I_INVALID_HID));
  return status >= 0;
}

void prepare_hdf5() {
  H5dont_atexit();  // effective only before the library initialises, hence first
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

namespace {

struct StackDescriptions {
  std::vector<std::string> lines;  // innermost (most specific) first
};

// HDF5's POSIX driver describes a failed system call with the time, the descriptor, the
// buffer address and sizes ("file write failed: time = ..., errno = 27, error message =
// 'File too large', buf = 0x..."). Keeps what a user needs: what failed, and why in
// strerror's words ("file write failed: File too large").
std::string condensed(const std::string& line) {
  const std::string marker = "error message = '";
  std::size_t start = line.find(marker);
  if (start == std::string::npos) return line;
  start += marker.size();
  std::size_t end = line.find('\'', start);
  if (end == std::string::npos) return line;
  std::size_t head = line.find(": time = ");
  if (head == std::string::npos) head = line.find(',');
  return line.substr(0, head) + ": " + line.substr(start, end - start);
}

herr_t collect_description(unsigned, const H5E_error2_t* error, void* data) {
  auto* out = static_cast<StackDescriptions*>(data);
  std::string line = error->desc != nullptr ? error->desc : "";
  std::replace(line.begin(), line.end(), '\n', ' ');  // the file drivers quote ctime()
  line = condensed(line);
  if (line.empty() && error->func_name != nullptr) line = std::string("in ") + error->func_name;
  if (!line.empty()) out->lines.push_back(std::move(line));
  return 0;
}

// The remedy for the first errno whose text appears in HDF5's messages; HDF5's file
// drivers quote strerror() of the failing system call.
std::string remedy_in(const std::vector<std::string>& lines) {
  for (int error_number : {ENOSPC, EDQUOT, EFBIG})
    for (const std::string& line : lines)
      if (line.find(std::strerror(error_number)) != std::string::npos)
        return remedy_for_errno(error_number);
  return {};
}

}  // namespace

void throw_hdf5_error(const std::string& what) {
  StackDescriptions stack;
  hid_t copy = H5Eget_current_stack();  // also clears the live stack for the next call
  if (copy >= 0) {
    H5Ewalk2(copy, H5E_WALK_UPWARD, collect_description, &stack);
    H5Eclose_stack(copy);
  }
  std::string message = what;
  // The outermost line says what HDF5 was asked to do, the innermost why it failed.
  if (!stack.lines.empty()) message += ": " + stack.lines.back();
  if (stack.lines.size() > 1) message += ": " + stack.lines.front();
  // errno is not consulted: HDF5 may have failed for a reason of its own after an
  // unrelated system call set it.
  std::string remedy = remedy_in(stack.lines);
  if (!remedy.empty()) message += "; " + remedy;
  throw IoError(message);
}

H5Handle checked(hid_t id, H5Handle::Closer closer, const std::string& what) {
  if (id < 0) throw_hdf5_error(what);
  return H5Handle(id, closer);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw_hdf5_error(what);
}

bool is_group(hid_t location, const std::string& path) {
  H5G_info_t info{};
  if (H5Gget_info_by_name(location, path.c_str(), &info, H5P_DEFAULT) >= 0) return true;
  H5Eclear2(H5E_DEFAULT);
  return false;
}

H5Handle utf8_string_type() {
  H5Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create an HDF5 string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "cannot make an HDF5 string type variable");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot mark an HDF5 string type UTF-8");
  return type;
}

}  // namespace spipsim::io
