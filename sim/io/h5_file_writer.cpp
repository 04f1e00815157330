#include "sim/io/h5_file_writer.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/io/content_checksum.hpp"
#include "sim/io/durable_file.hpp"
#include "sim/io/h5_attribute.hpp"
#include "sim/io/h5_handle.hpp"
#include "sim/io/h5_path.hpp"
#include "sim/io/output_target.hpp"

namespace spipsim::io {

static_assert(std::is_same_v<hid_t, std::int64_t>, "H5FileWriter stores a hid_t as int64");

namespace fs = std::filesystem;

namespace {

constexpr hsize_t kMaxChunkRows = 65536;
constexpr unsigned kDeflateLevel = 4;

// Opens the group at `path`, creating it and any missing parents. With `any_object`, an
// existing dataset is opened too (to be given attributes).
H5Handle open_or_create_group(hid_t file, const std::string& path, const std::string& where,
                              bool any_object = false) {
  std::string what = "cannot create group " + where;
  for (const std::string& prefix : h5_path_prefixes(path)) {
    htri_t exists = H5Lexists(file, prefix.c_str(), H5P_DEFAULT);
    check(exists, what);
    if (exists > 0 && prefix != path && !is_group(file, prefix))
      throw IoError(what + ": " + quoted_name(prefix) + " is a dataset, not a group");
    if (exists == 0) {
      H5Handle links = checked(H5Pcreate(H5P_LINK_CREATE), H5Pclose, what);
      check(H5Pset_create_intermediate_group(links.get(), 1), what);
      return checked(H5Gcreate2(file, path.c_str(), links.get(), H5P_DEFAULT, H5P_DEFAULT),
                     H5Gclose, what);
    }
  }
  if (any_object)
    return checked(H5Oopen(file, path.c_str(), H5P_DEFAULT), H5Oclose, "cannot open " + where);
  if (!is_group(file, path)) throw IoError("cannot use " + where + " as a group: it is a dataset");
  return checked(H5Gopen2(file, path.c_str(), H5P_DEFAULT), H5Gclose, "cannot open " + where);
}

struct DatasetShape {
  int rank = 1;
  hsize_t dims[2] = {0, 0};
  hsize_t chunk[2] = {1, 1};
  hsize_t elements() const { return rank == 1 ? dims[0] : dims[0] * dims[1]; }
};

// Creates a chunked, deflate-compressed (and, for numbers, shuffled) dataset `name` in
// `group`, writes `data` and labels it with its unit and description. Every extent is
// unlimited because a fixed extent of 0 rows cannot hold even one chunk.
void write_dataset(hid_t group, const std::string& name, const DatasetShape& shape, hid_t file_type,
                   hid_t memory_type, bool shuffle, const void* data, std::string_view unit,
                   std::string_view description, const std::string& where) {
  std::string what = "cannot write dataset " + where;
  htri_t exists = H5Lexists(group, name.c_str(), H5P_DEFAULT);
  check(exists, what);
  if (exists > 0) throw IoError(what + ": it already exists (each dataset is written once)");
  hsize_t max_dims[2] = {H5S_UNLIMITED, H5S_UNLIMITED};
  H5Handle space = checked(H5Screate_simple(shape.rank, shape.dims, max_dims), H5Sclose, what);
  H5Handle create = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
  check(H5Pset_chunk(create.get(), shape.rank, shape.chunk), what);
  if (shuffle) check(H5Pset_shuffle(create.get()), what);
  check(H5Pset_deflate(create.get(), kDeflateLevel), what);
  H5Handle dataset = checked(H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                        create.get(), H5P_DEFAULT),
                             H5Dclose, what);
  if (shape.elements() > 0)
    check(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
  write_attribute(dataset.get(), "unit", unit, where);
  write_attribute(dataset.get(), "description", description, where);
  if (!dataset.close()) throw_hdf5_error(what);
}

void write_column(hid_t group, const Column& column, const std::string& where) {
  DatasetShape shape;
  shape.dims[0] = column.size();
  shape.chunk[0] = std::clamp<hsize_t>(shape.dims[0], 1, kMaxChunkRows);
  auto write = [&](hid_t file_type, hid_t memory_type, bool shuffle, const void* data) {
    write_dataset(group, column.name, shape, file_type, memory_type, shuffle, data, column.unit,
                  column.description, where);
  };
  if (auto* doubles = std::get_if<std::vector<double>>(&column.values)) {
    write(H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, true, doubles->data());
  } else if (auto* integers = std::get_if<std::vector<std::int64_t>>(&column.values)) {
    write(H5T_STD_I64LE, H5T_NATIVE_INT64, true, integers->data());
  } else {
    const auto& strings = std::get<std::vector<std::string>>(column.values);
    std::vector<const char*> pointers;
    pointers.reserve(strings.size());
    for (const std::string& s : strings) pointers.push_back(s.c_str());
    H5Handle type = utf8_string_type();
    write(type.get(), type.get(), false, pointers.data());
  }
}

}  // namespace

H5FileWriter::H5FileWriter(fs::path final_path)
    : final_path_(std::move(final_path)), temporary_path_(temporary_path_for(final_path_)) {
  prepare_hdf5();
  check_writable(final_path_);
  try {
    std::string what = "cannot create results file " + quoted_name(temporary_path_.native());
    H5Handle access = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, what);
    // Closing the file closes anything still open in it, so deferred write errors are
    // reported by commit() rather than lost when a forgotten handle closes later.
    check(H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG), what);
    hid_t file = H5Fcreate(temporary_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get());
    if (file < 0) throw_hdf5_error(what);
    file_ = file;
    write_attribute(file_, kCompleteAttribute, std::int64_t{0}, where("/"));
  } catch (...) {
    abandon();
    throw;
  }
}

H5FileWriter::~H5FileWriter() {
  if (!committed_) abandon();
}

void H5FileWriter::abandon() noexcept {
  if (file_ >= 0) H5Fclose(std::exchange(file_, -1));
  std::error_code ignored;
  fs::remove(temporary_path_, ignored);
}

fs::path H5FileWriter::temporary_path_for(const fs::path& final_path) {
  fs::path out = final_path;
  out += ".tmp";
  return out;
}

void H5FileWriter::check_writable(const fs::path& final_path,
                                  std::span<const NamedInput> inputs) {
  check_output_target(final_path, inputs);
  check_output_target(temporary_path_for(final_path), inputs, "temporary file");
  probe_writable(final_path);
}

std::string H5FileWriter::where(std::string_view object_path) const {
  return quoted_name(object_path) + " in " + quoted_name(temporary_path_.native());
}

void H5FileWriter::require_writable() const {
  if (committed_)
    throw IoError("results file " + quoted_name(final_path_.native()) + " is already committed");
  if (failed_)
    throw IoError("results file " + quoted_name(temporary_path_.native()) +
                  " had an earlier write failure and will not be committed (see that error)");
}

template <class Action>
void H5FileWriter::guarded(Action&& action) {
  require_writable();
  try {
    action();
  } catch (...) {
    failed_ = true;
    throw;
  }
}

template <class Value>
void H5FileWriter::set_attribute(std::string_view object_path, std::string_view name,
                                 const Value& value) {
  guarded([&] {
    std::string path = absolute_h5_path(object_path);
    bool envelope = std::find(kEnvelopeAttributes.begin(), kEnvelopeAttributes.end(), name) !=
                    kEnvelopeAttributes.end();
    if (path == "/" && envelope)
      throw IoError("cannot write attribute " + quoted_name(name) + " of " + where(path) +
                    ": the writer sets it itself (completeness flag and content checksum)");
    H5Handle object = open_or_create_group(file_, path, where(path), true);
    write_attribute(object.get(), name, value, where(path));
  });
}

void H5FileWriter::attribute(std::string_view object_path, std::string_view name,
                             std::string_view value) {
  set_attribute(object_path, name, value);
}

void H5FileWriter::attribute(std::string_view object_path, std::string_view name, double value) {
  set_attribute(object_path, name, value);
}

void H5FileWriter::attribute(std::string_view object_path, std::string_view name,
                             std::int64_t value) {
  set_attribute(object_path, name, value);
}

void H5FileWriter::attribute(std::string_view object_path, std::string_view name,
                             std::uint64_t value) {
  set_attribute(object_path, name, value);
}

void H5FileWriter::table(std::string_view group_path, const Table& table) {
  guarded([&] {
    std::string group = absolute_h5_path(group_path);
    table.validate(group);
    H5Handle handle = open_or_create_group(file_, group, where(group));
    std::string names;
    for (const Column& column : table.columns) {
      write_column(handle.get(), column, where(join_h5_path(group, column.name)));
      if (!names.empty()) names += ',';
      names += column.name;
    }
    write_attribute(handle.get(), "columns", names, where(group));
    write_attribute(handle.get(), "rows", static_cast<std::int64_t>(table.rows()), where(group));
  });
}

void H5FileWriter::dataset_2d(std::string_view path, std::size_t rows, std::size_t cols,
                              std::span<const double> row_major, std::string_view unit,
                              std::string_view description) {
  guarded([&] {
    std::string absolute = absolute_h5_path(path);
    if (absolute == "/") throw IoError("dataset_2d needs a dataset path, not '/'");
    if (row_major.size() != rows * cols)
      throw IoError("cannot write dataset " + where(absolute) + ": " + std::to_string(rows) +
                    " x " + std::to_string(cols) + " needs " + std::to_string(rows * cols) +
                    " values, got " + std::to_string(row_major.size()));
    auto [parent, name] = split_h5_path(absolute);
    H5Handle group = open_or_create_group(file_, parent, where(parent));
    DatasetShape shape;
    shape.rank = 2;
    shape.dims[0] = rows;
    shape.dims[1] = cols;
    shape.chunk[1] = std::clamp<hsize_t>(cols, 1, kMaxChunkRows);
    shape.chunk[0] =
        std::clamp<hsize_t>(kMaxChunkRows / shape.chunk[1], 1, std::max<hsize_t>(rows, 1));
    write_dataset(group.get(), name, shape, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, true,
                  row_major.data(), unit, description, where(absolute));
  });
}

void H5FileWriter::flush() {
  guarded([&] {
    check(H5Fflush(file_, H5F_SCOPE_GLOBAL),
          "cannot flush results file " + quoted_name(temporary_path_.native()));
  });
}

void H5FileWriter::commit() {
  guarded([&] {
    std::string what = "cannot finish results file " + quoted_name(temporary_path_.native());
    // The checksum reads back everything written, so it certifies what HDF5 stored. Neither
    // it nor `complete` enters the checksum, so their order does not matter to it.
    std::string checksum = checksum_hex(content_checksum(file_, temporary_path_.native()));
    write_attribute(file_, kChecksumAlgorithmAttribute, kChecksumAlgorithm, where("/"));
    write_attribute(file_, kChecksumAttribute, checksum, where("/"));
    // complete = 1 goes last: a reader that finds it knows everything before it was written.
    write_attribute(file_, kCompleteAttribute, std::int64_t{1}, where("/"));
    check(H5Fflush(file_, H5F_SCOPE_GLOBAL), what);
    check(H5Fclose(std::exchange(file_, -1)), what);
    sync_file(temporary_path_);
    std::error_code ec;
    fs::rename(temporary_path_, final_path_, ec);
    if (ec)
      throw IoError("cannot rename " + quoted_name(temporary_path_.native()) + " to " +
                    quoted_name(final_path_.native()) + ": " + ec.message());
    sync_directory(directory_of(final_path_));
    committed_ = true;
  });
}

}  // namespace spipsim::io
