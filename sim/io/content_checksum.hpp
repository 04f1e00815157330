#pragma once
// Internal to sim/io: the content checksum of a results file. One function walks an open
// file and hashes everything in it; H5FileWriter::commit() stores its result as root
// attributes, and H5FileReader::content_checksum() (hence `spipsim check`) recomputes it.
// Because both sides run the same walk over what HDF5 gives back, the checksum certifies
// what is in the file, whatever order it was written in and however it is stored
// (chunking and compression do not enter it).
//
// The hash is FNV-1a 64 (engine::ContentHash): two constants and one line define it, so any
// language can recompute it (docs/hdf5-schema.md shows it in Python); it detects accidental
// change, not forgery. The byte stream that is hashed is specified in docs/hdf5-schema.md ("Content
// checksum"); keep the two in step. In short: every object (group, dataset, named type, soft or
// external link) in byte order of its absolute path; for each its kind, path, value (datasets:
// type, shape, elements) and attributes in byte order of their names. Numbers hash as their
// little-endian bytes, strings by content (length, then UTF-8 bytes), never by where HDF5 keeps
// them. The root attributes in kEnvelopeAttributes are left out: they describe the file, not its
// content.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/io/h5_handle.hpp"

namespace spipsim::io {

inline constexpr std::string_view kCompleteAttribute = "complete";
inline constexpr std::string_view kChecksumAttribute = "content_checksum";
inline constexpr std::string_view kChecksumAlgorithmAttribute = "checksum_algorithm";
inline constexpr std::string_view kChecksumAlgorithm = "fnv1a64";

// Root attributes outside the checksum: the completeness flag is set after it, and the
// checksum cannot cover itself.
inline constexpr std::array<std::string_view, 3> kEnvelopeAttributes = {
    kCompleteAttribute, kChecksumAttribute, kChecksumAlgorithmAttribute};

// The checksum of everything in `file` (an open file identifier). `file_name` is for error
// messages. Throws IoError when HDF5 fails to read something (a damaged chunk, say) or an
// object holds a type it cannot hash canonically (variable-length sequences, references).
std::uint64_t content_checksum(hid_t file, const std::string& file_name);

// 16 lower-case hex digits, most significant first: how content_checksum is stored.
std::string checksum_hex(std::uint64_t checksum);

}  // namespace spipsim::io
