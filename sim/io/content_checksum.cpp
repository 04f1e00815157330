#include "sim/io/content_checksum.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

#include "sim/engine/content_hash.hpp"
#include "sim/io/h5_attribute.hpp"
#include "sim/io/h5_path.hpp"
#include "sim/io/io_error.hpp"

namespace spipsim::io {

namespace {

// Elements read at a time from a dataset, so that hashing a large table needs little memory.
constexpr hsize_t kSlabElements = hsize_t{1} << 20;
// Deeper than any spipsim file; stops a group hard-linked into itself from recursing forever.
constexpr int kMaxDepth = 64;

// One object of the file, as found by walking its links.
struct Entry {
  std::string path;
  char kind = 'G';         // G group, D dataset, T named datatype, S soft link, E external link
  std::string link_value;  // the stored target of a soft or external link
};

using ReadFunction = std::function<herr_t(hid_t memory_type, void* buffer)>;

std::string bits(std::size_t bytes) {
  return std::to_string(bytes * 8);
}

// The type as the stream names it: "int64", "uint8", "float64", "string"; other fixed-size
// types by their class and width ("enum8", "compound128"), "vlen" and "reference" otherwise.
std::string type_tag(hid_t type) {
  std::size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + bits(size);
    case H5T_FLOAT:
      return "float" + bits(size);
    case H5T_STRING:
      return "string";
    case H5T_TIME:
      return "time" + bits(size);
    case H5T_BITFIELD:
      return "bitfield" + bits(size);
    case H5T_OPAQUE:
      return "opaque" + bits(size);
    case H5T_COMPOUND:
      return "compound" + bits(size);
    case H5T_ENUM:
      return "enum" + bits(size);
    case H5T_ARRAY:
      return "array" + bits(size);
    case H5T_VLEN:
      return "vlen";
    case H5T_REFERENCE:
      return "reference";
    default:
      return "unknown";
  }
}

class ContentHasher {
 public:
  ContentHasher(hid_t file, std::string file_name)
      : file_(file), file_name_(std::move(file_name)) {}

  std::uint64_t run() {
    std::vector<Entry> entries{{"/", 'G', {}}};
    H5Handle root =
        checked(H5Gopen2(file_, "/", H5P_DEFAULT), H5Gclose, "cannot open " + where("/"));
    collect(root.get(), "/", 0, entries);
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.path < b.path; });
    for (const Entry& entry : entries) hash_entry(entry);
    return hash_.value();
  }

 private:
  std::string where(std::string_view path) const {
    return quoted_name(path) + " in " + quoted_name(file_name_);
  }

  // Adds every object below `group` (at `path`) to `out`, in no particular order.
  void collect(hid_t group, const std::string& path, int depth, std::vector<Entry>& out) {
    std::string what = "cannot list group " + where(path);
    if (depth > kMaxDepth) throw IoError(what + ": groups nested more than 64 deep (a cycle?)");
    H5G_info_t info{};
    check(H5Gget_info(group, &info), what);
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      std::string name = link_name(group, i, what);
      std::string child = join_h5_path(path, name);
      H5L_info_t link{};
      check(H5Lget_info(group, name.c_str(), &link, H5P_DEFAULT),
            "cannot read link " + where(child));
      if (link.type != H5L_TYPE_HARD) {
        std::string value(link.u.val_size, '\0');
        check(H5Lget_val(group, name.c_str(), value.data(), value.size(), H5P_DEFAULT),
              "cannot read link " + where(child));
        out.push_back({child, link.type == H5L_TYPE_SOFT ? 'S' : 'E', std::move(value)});
        continue;
      }
      H5Handle object = checked(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose,
                                "cannot open " + where(child));
      switch (H5Iget_type(object.get())) {
        case H5I_GROUP:
          out.push_back({child, 'G', {}});
          collect(object.get(), child, depth + 1, out);
          break;
        case H5I_DATASET:
          out.push_back({child, 'D', {}});
          break;
        default:
          out.push_back({child, 'T', {}});
          break;
      }
    }
  }

  static std::string link_name(hid_t group, hsize_t index, const std::string& what) {
    auto name_at = [&](char* buffer, std::size_t size) {
      ssize_t length = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, buffer,
                                          size, H5P_DEFAULT);
      if (length < 0) throw_hdf5_error(what);
      return static_cast<std::size_t>(length);
    };
    std::string name(name_at(nullptr, 0) + 1, '\0');
    name.resize(name_at(name.data(), name.size()));
    return name;
  }

  void hash_entry(const Entry& entry) {
    hash_.bytes(&entry.kind, 1);
    hash_.text(entry.path);
    if (entry.kind == 'S' || entry.kind == 'E') {
      hash_.text(entry.link_value);
      return;
    }
    std::string w = where(entry.path);
    H5Handle object =
        checked(H5Oopen(file_, entry.path.c_str(), H5P_DEFAULT), H5Oclose, "cannot open " + w);
    if (entry.kind == 'D') {
      hash_dataset(object.get(), w);
    } else if (entry.kind == 'T') {
      hash_.text(type_tag(object.get()));
    }
    hash_attributes(object.get(), entry.path == "/", w);
  }

  // The dataspace: 'N' (null, no elements), 'S' (scalar, one) or 'A', rank and extents.
  // Returns the extents ({} for null and scalar).
  std::vector<hsize_t> hash_shape(hid_t space, const std::string& what) {
    switch (H5Sget_simple_extent_type(space)) {
      case H5S_NULL:
        hash_.bytes("N", 1);
        return {};
      case H5S_SCALAR:
        hash_.bytes("S", 1);
        return {};
      case H5S_SIMPLE: {
        int rank = H5Sget_simple_extent_ndims(space);
        check(rank, what);
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
        check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), what);
        hash_.bytes("A", 1);
        u64(dims.size());
        for (hsize_t d : dims) u64(d);
        return dims;
      }
      default:
        throw_hdf5_error(what);
    }
  }

  // Hashes `count` elements of `file_type` obtained by read(memory_type, buffer): numbers as
  // their little-endian bytes, strings as length and bytes, other fixed-size types as stored.
  // `space` is the dataspace the read fills (needed to free variable-length strings).
  void hash_elements(hid_t file_type, hid_t space, std::size_t count, const ReadFunction& read,
                     const std::string& what) {
    H5T_class_t type_class = H5Tget_class(file_type);
    if (type_class == H5T_STRING) {
      for (const std::string& s : read_strings(file_type, space, count, read, what)) hash_.text(s);
      return;
    }
    bool variable = type_class == H5T_VLEN || type_class == H5T_REFERENCE ||
                    H5Tdetect_class(file_type, H5T_VLEN) > 0 ||
                    H5Tdetect_class(file_type, H5T_REFERENCE) > 0 ||
                    H5Tdetect_class(file_type, H5T_STRING) > 0;
    if (variable)
      throw IoError(what + ": its type (" + type_tag(file_type) +
                    " or a type containing strings or references) has no canonical encoding "
                    "for the content checksum");
    H5Handle memory = checked(H5Tcopy(file_type), H5Tclose, what);
    std::size_t size = H5Tget_size(file_type);
    if ((type_class == H5T_INTEGER || type_class == H5T_FLOAT) && size > 1)
      check(H5Tset_order(memory.get(), H5T_ORDER_LE), what);
    buffer_.resize(count * size);
    check(read(memory.get(), buffer_.data()), what);
    hash_.bytes(buffer_.data(), buffer_.size());
  }

  void hash_dataset(hid_t dataset, const std::string& w) {
    std::string what = "cannot read dataset " + w + " for its checksum";
    H5Handle type = checked(H5Dget_type(dataset), H5Tclose, what);
    H5Handle space = checked(H5Dget_space(dataset), H5Sclose, what);
    hash_.text(type_tag(type.get()));
    std::vector<hsize_t> dims = hash_shape(space.get(), what);
    hssize_t elements = H5Sget_simple_extent_npoints(space.get());
    if (elements < 0) throw_hdf5_error(what);
    if (elements == 0) return;
    if (dims.empty()) {  // scalar: one element
      auto read = [&](hid_t memory_type, void* buffer) {
        return H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      };
      hash_elements(type.get(), space.get(), 1, read, what);
      return;
    }
    // Row-major slabs of whole rows along the first dimension.
    hsize_t row_elements = 1;
    for (std::size_t i = 1; i < dims.size(); ++i) row_elements *= dims[i];
    hsize_t rows_per_slab =
        std::max<hsize_t>(1, kSlabElements / std::max<hsize_t>(row_elements, 1));
    std::vector<hsize_t> start(dims.size(), 0), counts = dims;
    for (hsize_t row = 0; row < dims[0]; row += rows_per_slab) {
      start[0] = row;
      counts[0] = std::min(rows_per_slab, dims[0] - row);
      hsize_t slab_elements = counts[0] * row_elements;
      check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, counts.data(),
                                nullptr),
            what);
      H5Handle memory_space = checked(H5Screate_simple(1, &slab_elements, nullptr), H5Sclose, what);
      auto read = [&](hid_t memory_type, void* buffer) {
        return H5Dread(dataset, memory_type, memory_space.get(), space.get(), H5P_DEFAULT, buffer);
      };
      hash_elements(type.get(), memory_space.get(), slab_elements, read, what);
    }
  }

  // The object's attributes in byte order of their names (the root's envelope left out).
  void hash_attributes(hid_t object, bool root, const std::string& w) {
    std::string what = "cannot read the attributes of " + w + " for the checksum";
    std::vector<std::string> names;
    auto collect_name = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
      static_cast<std::vector<std::string>*>(data)->emplace_back(name);
      return 0;
    };
    hsize_t index = 0;
    check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, collect_name, &names), what);
    if (root)
      std::erase_if(names, [](const std::string& name) {
        return std::find(kEnvelopeAttributes.begin(), kEnvelopeAttributes.end(), name) !=
               kEnvelopeAttributes.end();
      });
    std::sort(names.begin(), names.end());
    u64(names.size());
    for (const std::string& name : names) {
      std::string attribute_what = "cannot read attribute " + quoted_name(name) + " of " + w;
      H5Handle attribute =
          checked(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, attribute_what);
      H5Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, attribute_what);
      H5Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, attribute_what);
      hash_.text(name);
      hash_.text(type_tag(type.get()));
      hash_shape(space.get(), attribute_what);
      hssize_t count = H5Sget_simple_extent_npoints(space.get());
      if (count < 0) throw_hdf5_error(attribute_what);
      if (count == 0) continue;
      auto read = [&](hid_t memory_type, void* buffer) {
        return H5Aread(attribute.get(), memory_type, buffer);
      };
      hash_elements(type.get(), space.get(), static_cast<std::size_t>(count), read, attribute_what);
    }
  }

  hid_t file_;
  std::string file_name_;
  // Numbers as 8 bytes, least significant first (ContentHash assumes a little-endian machine).
  void u64(std::uint64_t n) { hash_.number(n); }

  engine::ContentHash hash_;
  std::vector<unsigned char> buffer_;
};

}  // namespace

std::uint64_t content_checksum(hid_t file, const std::string& file_name) {
  return ContentHasher(file, file_name).run();
}

std::string checksum_hex(std::uint64_t checksum) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(checksum));
  return text;
}

}  // namespace spipsim::io
