#include "sim/io/h5_file_reader.hpp"

#include <type_traits>
#include <utility>

#include "sim/engine/input_file.hpp"
#include "sim/io/content_checksum.hpp"
#include "sim/io/durable_file.hpp"
#include "sim/io/h5_attribute.hpp"
#include "sim/io/h5_handle.hpp"
#include "sim/io/h5_path.hpp"

namespace spipsim::io {

static_assert(std::is_same_v<hid_t, std::int64_t>, "H5FileReader stores a hid_t as int64");

namespace fs = std::filesystem;

namespace {

bool object_exists(hid_t file, const std::string& path) {
  for (const std::string& prefix : h5_path_prefixes(path)) {
    htri_t exists = H5Lexists(file, prefix.c_str(), H5P_DEFAULT);
    if (exists <= 0) {
      H5Eclear2(H5E_DEFAULT);  // negative: a parent is a dataset, so the path names nothing
      return false;
    }
  }
  return true;
}

H5Handle open_object(hid_t file, const std::string& path, const std::string& where) {
  if (!object_exists(file, path)) throw IoError(where + " does not exist");
  return checked(H5Oopen(file, path.c_str(), H5P_DEFAULT), H5Oclose, "cannot open " + where);
}

std::string optional_string_attribute(hid_t object, std::string_view name,
                                      const std::string& where) {
  return has_attribute(object, name, where) ? read_string_attribute(object, name, where) : "";
}

// The extent of a dataset that must have `rank` dimensions.
std::vector<hsize_t> extent(hid_t dataset, int rank, const std::string& where) {
  H5Handle space = checked(H5Dget_space(dataset), H5Sclose, "cannot read " + where);
  if (H5Sget_simple_extent_ndims(space.get()) != rank)
    throw IoError(where + " is not " + std::to_string(rank) + "-dimensional");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "cannot read " + where);
  return dims;
}

template <class Number>
std::vector<Number> read_numbers(hid_t dataset, hid_t memory_type, std::size_t count,
                                 const std::string& where) {
  std::vector<Number> values(count);
  if (count > 0)
    check(H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "cannot read " + where);
  return values;
}

ColumnValues read_column(hid_t dataset, const std::string& where) {
  std::size_t count = extent(dataset, 1, where).front();
  std::string what = "cannot read " + where;
  H5Handle type = checked(H5Dget_type(dataset), H5Tclose, what);
  switch (H5Tget_class(type.get())) {
    case H5T_FLOAT:
      return read_numbers<double>(dataset, H5T_NATIVE_DOUBLE, count, where);
    case H5T_INTEGER:
      return read_numbers<std::int64_t>(dataset, H5T_NATIVE_INT64, count, where);
    case H5T_STRING: {
      H5Handle space = checked(H5Dget_space(dataset), H5Sclose, what);
      auto read = [&](hid_t memory_type, void* buffer) {
        return H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      };
      return read_strings(type.get(), space.get(), count, read, what);
    }
    default:
      throw IoError(where + " holds neither numbers nor strings");
  }
}

std::vector<std::string> split_names(const std::string& joined) {
  std::vector<std::string> names;
  if (joined.empty()) return names;
  std::size_t start = 0;
  for (std::size_t comma = joined.find(','); comma != std::string::npos;
       comma = joined.find(',', start)) {
    names.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  names.push_back(joined.substr(start));
  return names;
}

}  // namespace

H5FileReader H5FileReader::open(const fs::path& path) {
  prepare_hdf5();
  std::string head = "cannot open results file " + quoted_name(path.native());
  // Before HDF5 opens it: a FIFO would block the open forever, a device never ends.
  const std::string kind = engine::non_regular_kind(path);
  if (kind == "missing") throw IoError(head + ": it does not exist");
  if (!kind.empty()) throw IoError(head + ": it is " + kind + ", not a regular file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw IoError(head + ": it is not an HDF5 file");
  }
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw_hdf5_error(head);
  return H5FileReader(path, file);
}

H5FileReader::H5FileReader(H5FileReader&& other) noexcept
    : path_(std::move(other.path_)), file_(std::exchange(other.file_, -1)) {}

H5FileReader& H5FileReader::operator=(H5FileReader&& other) noexcept {
  if (this != &other) {
    if (file_ >= 0) H5Fclose(file_);
    path_ = std::move(other.path_);
    file_ = std::exchange(other.file_, -1);
  }
  return *this;
}

H5FileReader::~H5FileReader() {
  if (file_ >= 0) H5Fclose(file_);
}

std::string H5FileReader::where(std::string_view object_path) const {
  return quoted_name(object_path) + " in " + quoted_name(path_.native());
}

bool H5FileReader::has(std::string_view object_path) const {
  return object_exists(file_, absolute_h5_path(object_path));
}

bool H5FileReader::has_attribute(std::string_view object_path, std::string_view name) const {
  std::string path = absolute_h5_path(object_path);
  if (!object_exists(file_, path)) return false;
  H5Handle object = open_object(file_, path, where(path));
  return io::has_attribute(object.get(), name, where(path));
}

std::string H5FileReader::string_attribute(std::string_view object_path,
                                           std::string_view name) const {
  std::string path = absolute_h5_path(object_path);
  H5Handle object = open_object(file_, path, where(path));
  return read_string_attribute(object.get(), name, where(path));
}

double H5FileReader::number_attribute(std::string_view object_path, std::string_view name) const {
  std::string path = absolute_h5_path(object_path);
  H5Handle object = open_object(file_, path, where(path));
  return read_double_attribute(object.get(), name, where(path));
}

std::int64_t H5FileReader::int_attribute(std::string_view object_path,
                                         std::string_view name) const {
  std::string path = absolute_h5_path(object_path);
  H5Handle object = open_object(file_, path, where(path));
  return read_int64_attribute(object.get(), name, where(path));
}

std::uint64_t H5FileReader::uint_attribute(std::string_view object_path,
                                           std::string_view name) const {
  std::string path = absolute_h5_path(object_path);
  H5Handle object = open_object(file_, path, where(path));
  return read_uint64_attribute(object.get(), name, where(path));
}

Table H5FileReader::table(std::string_view group_path) const {
  std::string group = absolute_h5_path(group_path);
  H5Handle handle = open_object(file_, group, where(group));
  if (!io::has_attribute(handle.get(), "columns", where(group)))
    throw IoError(where(group) + " is not a table (it has no 'columns' attribute)");
  auto names = split_names(read_string_attribute(handle.get(), "columns", where(group)));
  bool has_rows = io::has_attribute(handle.get(), "rows", where(group));
  std::int64_t rows = has_rows ? read_int64_attribute(handle.get(), "rows", where(group)) : 0;
  Table out;
  for (const std::string& name : names) {
    std::string column_where = where(join_h5_path(group, name));
    H5Handle dataset = checked(H5Dopen2(handle.get(), name.c_str(), H5P_DEFAULT), H5Dclose,
                               "cannot open column " + column_where + " listed in 'columns'");
    Column column{name, optional_string_attribute(dataset.get(), "unit", column_where),
                  optional_string_attribute(dataset.get(), "description", column_where),
                  read_column(dataset.get(), column_where)};
    if (has_rows && column.size() != static_cast<std::size_t>(rows))
      throw IoError(column_where + " has " + std::to_string(column.size()) +
                    " rows but the table says " + std::to_string(rows));
    out.columns.push_back(std::move(column));
  }
  return out;
}

Dataset2d H5FileReader::dataset_2d(std::string_view path) const {
  std::string absolute = absolute_h5_path(path);
  std::string w = where(absolute);
  H5Handle dataset = open_object(file_, absolute, w);
  std::vector<hsize_t> dims = extent(dataset.get(), 2, w);
  Dataset2d out;
  out.rows = dims[0];
  out.cols = dims[1];
  out.row_major = read_numbers<double>(dataset.get(), H5T_NATIVE_DOUBLE, out.rows * out.cols, w);
  out.unit = optional_string_attribute(dataset.get(), "unit", w);
  out.description = optional_string_attribute(dataset.get(), "description", w);
  return out;
}

std::uint64_t H5FileReader::content_checksum() const {
  return io::content_checksum(file_, path_.native());
}

std::vector<std::string> H5FileReader::list_group(std::string_view group_path) const {
  std::string group = absolute_h5_path(group_path);
  std::string what = "cannot list group " + where(group);
  H5Handle handle = open_object(file_, group, where(group));
  if (!is_group(file_, group)) throw IoError(what + ": it is a dataset, not a group");
  H5G_info_t info{};
  check(H5Gget_info(handle.get(), &info), what);
  std::vector<std::string> names;
  // Called once for the length, once for the characters (HDF5 writes a terminating NUL).
  auto name_at = [&](hsize_t index, char* buffer, std::size_t size) {
    ssize_t length = H5Lget_name_by_idx(handle.get(), ".", H5_INDEX_NAME, H5_ITER_INC, index,
                                        buffer, size, H5P_DEFAULT);
    if (length < 0) throw_hdf5_error(what);
    return static_cast<std::size_t>(length);
  };
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    std::size_t length = name_at(i, nullptr, 0);
    std::string name(length + 1, '\0');
    name_at(i, name.data(), name.size());
    name.resize(length);
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace spipsim::io
