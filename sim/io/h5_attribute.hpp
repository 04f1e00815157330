#pragma once
// Internal to sim/io: scalar attributes on an open HDF5 object (the root group, a group or
// a dataset), and the decoding of HDF5 strings shared by attributes and datasets. `where`
// names the object in error messages, e.g. "'/manifest' in 'out.h5'".
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/h5_handle.hpp"

namespace spipsim::io {

// Each replaces an attribute of the same name. Strings are variable-length UTF-8, so a
// long scenario text fits (fixed-size attributes are limited to 64 KiB) and h5py reads str.
void write_attribute(hid_t object, std::string_view name, std::string_view value,
                     const std::string& where);
void write_attribute(hid_t object, std::string_view name, double value, const std::string& where);
void write_attribute(hid_t object, std::string_view name, std::int64_t value,
                     const std::string& where);
void write_attribute(hid_t object, std::string_view name, std::uint64_t value,
                     const std::string& where);

bool has_attribute(hid_t object, std::string_view name, const std::string& where);

// Each throws IoError when the attribute is missing, holds more than one value, or is of
// another kind (a string where a number is asked for, a float where an integer is).
std::string read_string_attribute(hid_t object, std::string_view name, const std::string& where);
double read_double_attribute(hid_t object, std::string_view name, const std::string& where);
std::int64_t read_int64_attribute(hid_t object, std::string_view name, const std::string& where);
std::uint64_t read_uint64_attribute(hid_t object, std::string_view name, const std::string& where);

// Reads `count` strings stored as `file_type` (variable- or fixed-length, as other tools
// may write) by calling `read(memory_type, buffer)`, i.e. H5Aread or H5Dread bound to the
// object; `space` is the object's dataspace, needed to free variable-length strings.
std::vector<std::string> read_strings(hid_t file_type, hid_t space, std::size_t count,
                                      const std::function<herr_t(hid_t, void*)>& read,
                                      const std::string& where);

}  // namespace spipsim::io
