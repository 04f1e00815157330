#pragma once
// Internal to sim/io: the spelling of HDF5 object paths. Callers may write "summary" or
// "/summary/"; the file and every error message use the one absolute form "/summary".
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spipsim::io {

// "/a/b" from "a/b", "/a/b/" or "/a/b"; "/" for "" or "/". Throws IoError on an empty
// component ("a//b") or a "." / ".." component, which HDF5 would not treat as a name.
std::string absolute_h5_path(std::string_view path);

// "/a/b" + "c" -> "/a/b/c"; "/" + "c" -> "/c". `group` must already be absolute.
std::string join_h5_path(std::string_view group, std::string_view name);

// "/a/b/c" -> {"/a/b", "c"}; "/c" -> {"/", "c"}. `path` must be absolute and not "/".
std::pair<std::string, std::string> split_h5_path(std::string_view path);

// "/a/b/c" -> {"/a", "/a/b", "/a/b/c"}: the links to test one by one, because
// H5Lexists fails instead of answering "no" when an intermediate group is missing.
std::vector<std::string> h5_path_prefixes(std::string_view absolute_path);

}  // namespace spipsim::io
