#include "sim/io/h5_attribute.hpp"

#include "sim/io/io_error.hpp"

namespace spipsim::io {

namespace {

// Creates (replacing) a scalar attribute and writes one value of `memory_type` to it.
void write_scalar(hid_t object, std::string_view name, hid_t file_type, hid_t memory_type,
                  const void* value, const std::string& where) {
  std::string key(name);
  std::string what = "cannot write attribute " + quoted_name(name) + " of " + where;
  htri_t exists = H5Aexists(object, key.c_str());
  check(exists, what);
  if (exists > 0) check(H5Adelete(object, key.c_str()), what);
  H5Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, what);
  H5Handle attribute =
      checked(H5Acreate2(object, key.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, what);
  check(H5Awrite(attribute.get(), memory_type, value), what);
  if (!attribute.close()) throw_hdf5_error(what);
}

// Opens an attribute that must hold exactly one value of HDF5 class `wanted`.
H5Handle open_scalar(hid_t object, std::string_view name, H5T_class_t wanted,
                     const std::string& kind, const std::string& where) {
  std::string key(name);
  if (!has_attribute(object, name, where))
    throw IoError(where + " has no attribute " + quoted_name(name));
  std::string what = "cannot read attribute " + quoted_name(name) + " of " + where;
  H5Handle attribute = checked(H5Aopen(object, key.c_str(), H5P_DEFAULT), H5Aclose, what);
  H5Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, what);
  hssize_t count = H5Sget_simple_extent_npoints(space.get());
  H5Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, what);
  H5T_class_t found = H5Tget_class(type.get());
  bool numeric_ok = wanted == H5T_FLOAT && found == H5T_INTEGER;  // an integer is a number
  if (count != 1 || (found != wanted && !numeric_ok))
    throw IoError("attribute " + quoted_name(name) + " of " + where + " is not a single " + kind);
  return attribute;
}

template <class Number>
Number read_number(hid_t object, std::string_view name, H5T_class_t wanted, hid_t memory_type,
                   const std::string& kind, const std::string& where) {
  H5Handle attribute = open_scalar(object, name, wanted, kind, where);
  Number value{};
  check(H5Aread(attribute.get(), memory_type, &value),
        "cannot read attribute " + quoted_name(name) + " of " + where);
  return value;
}

// Frees the strings HDF5 allocated while reading variable-length data. H5Treclaim replaced
// H5Dvlen_reclaim in 1.12 (and Debian's 1.10 headers declare it without defining it).
herr_t reclaim_strings(hid_t memory_type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
  return H5Treclaim(memory_type, space, H5P_DEFAULT, buffer);
#else
  return H5Dvlen_reclaim(memory_type, space, H5P_DEFAULT, buffer);
#endif
}

}  // namespace

void write_attribute(hid_t object, std::string_view name, std::string_view value,
                     const std::string& where) {
  if (value.find('\0') != std::string_view::npos)
    throw IoError("cannot write attribute " + quoted_name(name) + " of " + where +
                  ": the text contains a NUL byte, which HDF5 strings cannot hold");
  std::string text(value);
  const char* pointer = text.c_str();
  H5Handle type = utf8_string_type();
  write_scalar(object, name, type.get(), type.get(), &pointer, where);
}

void write_attribute(hid_t object, std::string_view name, double value, const std::string& where) {
  write_scalar(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value, where);
}

void write_attribute(hid_t object, std::string_view name, std::int64_t value,
                     const std::string& where) {
  write_scalar(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value, where);
}

void write_attribute(hid_t object, std::string_view name, std::uint64_t value,
                     const std::string& where) {
  write_scalar(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value, where);
}

bool has_attribute(hid_t object, std::string_view name, const std::string& where) {
  htri_t exists = H5Aexists(object, std::string(name).c_str());
  check(exists, "cannot look up attribute " + quoted_name(name) + " of " + where);
  return exists > 0;
}

std::string read_string_attribute(hid_t object, std::string_view name, const std::string& where) {
  H5Handle attribute = open_scalar(object, name, H5T_STRING, "string", where);
  std::string what = "cannot read attribute " + quoted_name(name) + " of " + where;
  H5Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, what);
  H5Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, what);
  auto read = [&](hid_t memory_type, void* buffer) {
    return H5Aread(attribute.get(), memory_type, buffer);
  };
  return read_strings(type.get(), space.get(), 1, read, what).front();
}

double read_double_attribute(hid_t object, std::string_view name, const std::string& where) {
  return read_number<double>(object, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, "number", where);
}

std::int64_t read_int64_attribute(hid_t object, std::string_view name, const std::string& where) {
  return read_number<std::int64_t>(object, name, H5T_INTEGER, H5T_NATIVE_INT64, "integer", where);
}

std::uint64_t read_uint64_attribute(hid_t object, std::string_view name, const std::string& where) {
  return read_number<std::uint64_t>(object, name, H5T_INTEGER, H5T_NATIVE_UINT64, "integer", where);
}

std::vector<std::string> read_strings(hid_t file_type, hid_t space, std::size_t count,
                                      const std::function<herr_t(hid_t, void*)>& read,
                                      const std::string& where) {
  std::vector<std::string> out;
  if (count == 0) return out;
  out.reserve(count);
  htri_t variable = H5Tis_variable_str(file_type);
  check(variable, where);
  if (variable > 0) {
    H5Handle memory_type = utf8_string_type();
    check(H5Tset_cset(memory_type.get(), H5Tget_cset(file_type)), where);
    std::vector<char*> pointers(count, nullptr);
    check(read(memory_type.get(), pointers.data()), where);
    for (const char* p : pointers) out.emplace_back(p != nullptr ? p : "");
    check(reclaim_strings(memory_type.get(), space, pointers.data()), where);
    return out;
  }
  // Fixed-length strings: each value fills `size` bytes, padded with NULs or spaces.
  std::size_t size = H5Tget_size(file_type);
  H5Handle memory_type = checked(H5Tcopy(file_type), H5Tclose, where);
  std::vector<char> buffer(count * size);
  check(read(memory_type.get(), buffer.data()), where);
  bool space_padded = H5Tget_strpad(file_type) == H5T_STR_SPACEPAD;
  for (std::size_t i = 0; i < count; ++i) {
    std::string value(buffer.data() + i * size, size);
    if (space_padded)
      value.erase(value.find_last_not_of(' ') + 1);
    else
      value.resize(value.find('\0') == std::string::npos ? size : value.find('\0'));
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace spipsim::io
