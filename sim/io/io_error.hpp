#pragma once
// The one exception the io layer throws. Its message always names the file or HDF5 object
// concerned and, where the caller can do something about it, says what.
#include <stdexcept>
#include <string>
#include <string_view>

namespace spipsim::io {

class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "'name'": how messages quote a file or object name, so that spaces and empty names show.
// (Built with += because GCC 12 warns falsely about "'" + std::string at -O2.)
inline std::string quoted_name(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '\'';
  out += name;
  out += '\'';
  return out;
}

}  // namespace spipsim::io
