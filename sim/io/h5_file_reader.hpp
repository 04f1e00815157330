#pragma once
// Reads results files: in tests, and for `spipsim check` and `merge`. Reads what
// H5FileWriter writes, and tolerates what other tools write for the same shapes
// (fixed-length strings, other integer and float widths).
//
// Contracts: every failure throws IoError naming the file and the object; object paths are
// HDF5 paths ("/manifest", "summary"); not thread-safe (nor is serial HDF5).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/io_error.hpp"
#include "sim/io/table.hpp"

namespace spipsim::io {

// A 2-D float64 dataset as written by H5FileWriter::dataset_2d.
struct Dataset2d {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> row_major;
  std::string unit;
  std::string description;
};

class H5FileReader {
 public:
  // Opens read-only. Throws IoError when the file is missing or is not HDF5.
  static H5FileReader open(const std::filesystem::path& path);

  H5FileReader(H5FileReader&& other) noexcept;
  H5FileReader& operator=(H5FileReader&& other) noexcept;
  H5FileReader(const H5FileReader&) = delete;
  H5FileReader& operator=(const H5FileReader&) = delete;
  ~H5FileReader();

  const std::filesystem::path& path() const { return path_; }

  // Whether a group or dataset exists at object_path ("/" always does).
  bool has(std::string_view object_path) const;
  bool has_attribute(std::string_view object_path, std::string_view name) const;

  // Each throws IoError when the object or attribute is missing or holds another kind of
  // value. number_attribute accepts integers too; int_attribute and uint_attribute only
  // integers (uint for values such as seeds that may not fit an int64).
  std::string string_attribute(std::string_view object_path, std::string_view name) const;
  double number_attribute(std::string_view object_path, std::string_view name) const;
  std::int64_t int_attribute(std::string_view object_path, std::string_view name) const;
  std::uint64_t uint_attribute(std::string_view object_path, std::string_view name) const;

  // Reads back a table written by H5FileWriter::table, columns in their written order
  // (the group's "columns" attribute). Floats read as double, integers as int64, strings
  // as std::string. Throws IoError if the group is not such a table.
  Table table(std::string_view group_path) const;

  Dataset2d dataset_2d(std::string_view path) const;

  // Recomputes the content checksum of the file as it is now (docs/hdf5-schema.md, "Content
  // checksum"): the value H5FileWriter stored in the root attribute content_checksum if
  // nothing changed since. Reads every dataset. Throws IoError when something cannot be read.
  std::uint64_t content_checksum() const;

  // Names of the links in a group, in alphabetical order.
  std::vector<std::string> list_group(std::string_view group_path) const;

 private:
  H5FileReader(std::filesystem::path path, std::int64_t file)
      : path_(std::move(path)), file_(file) {}
  std::string where(std::string_view object_path) const;

  std::filesystem::path path_;
  std::int64_t file_ = -1;  // an HDF5 hid_t, opaque so that <hdf5.h> stays out of headers
};

}  // namespace spipsim::io
