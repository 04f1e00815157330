#include "sim/io/h5_path.hpp"

#include "sim/io/io_error.hpp"

namespace spipsim::io {

std::string absolute_h5_path(std::string_view path) {
  std::string_view rest = path;
  if (rest.size() > 1 && rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.starts_with('/')) rest.remove_prefix(1);
  if (rest.empty()) return "/";
  std::string out;
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part.empty() || part == "." || part == "..")
      throw IoError("invalid HDF5 object path " + quoted_name(path) +
                    " (use names separated by single '/', without '.' or '..')");
    out += '/';
    out += part;
    if (slash == std::string_view::npos) return out;
    rest.remove_prefix(slash + 1);
  }
}

std::string join_h5_path(std::string_view group, std::string_view name) {
  std::string out(group);
  if (!out.ends_with('/')) out += '/';
  return out + std::string(name);
}

std::pair<std::string, std::string> split_h5_path(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string parent(slash == 0 ? "/" : path.substr(0, slash));
  return {parent, std::string(path.substr(slash + 1))};
}

std::vector<std::string> h5_path_prefixes(std::string_view absolute_path) {
  std::vector<std::string> out;
  for (std::size_t slash = absolute_path.find('/', 1); slash != std::string_view::npos;
       slash = absolute_path.find('/', slash + 1))
    out.emplace_back(absolute_path.substr(0, slash));
  if (absolute_path != "/") out.emplace_back(absolute_path);
  return out;
}

}  // namespace spipsim::io
