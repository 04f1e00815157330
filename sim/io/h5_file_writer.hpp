#pragma once
// Writes one results file atomically. Everything goes to "<final_path>.tmp" in the same
// directory; commit() marks the file complete and renames it onto final_path. So a run that
// fails, is interrupted or is killed never leaves a file at final_path, and a file at
// final_path always carries the root attribute complete = 1 (written last, before the
// rename). An earlier file at final_path is replaced only by a successful commit().
//
// Contracts:
// - Every failure throws IoError naming the file and the HDF5 object. After any IoError the
//   writer is poisoned: commit() refuses, so a partial file can never be committed even if
//   the caller swallows the error. Destroying the writer then removes the temporary file.
// - Object paths are HDF5 paths ("/summary", "series/monthly"); missing groups are created.
// - Not thread-safe (nor is the serial HDF5 library): use from one thread at a time.
// - A stale "<final_path>.tmp" left by a killed run is overwritten.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

#include "sim/io/io_error.hpp"
#include "sim/io/output_target.hpp"
#include "sim/io/table.hpp"

namespace spipsim::io {

// bool is excluded: an attribute(..., true) should not silently become the number 1.
template <class Int>
concept UnsignedInteger = std::unsigned_integral<Int> && !std::same_as<Int, bool>;

class H5FileWriter {
 public:
  // Creates "<final_path>.tmp" holding the root attribute complete = 0. Throws IoError,
  // saying what to do, when the directory is missing or not writable.
  explicit H5FileWriter(std::filesystem::path final_path);
  ~H5FileWriter();
  H5FileWriter(const H5FileWriter&) = delete;
  H5FileWriter& operator=(const H5FileWriter&) = delete;

  // Throws the IoError the constructor would, without writing anything: the command line
  // calls it before simulating so that a bad --out fails in a second, not after an hour.
  // Creates and removes a uniquely named probe file next to final_path. Refuses a final or
  // temporary path that is anything but absent or a regular file, or one of `inputs`
  // (io/output_target.hpp).
  static void check_writable(const std::filesystem::path& final_path,
                             std::span<const NamedInput> inputs = {});

  // "<final_path>.tmp": where the file lives until commit().
  static std::filesystem::path temporary_path_for(const std::filesystem::path& final_path);

  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& temporary_path() const { return temporary_path_; }

  // Sets (or replaces) an attribute of the object at object_path; a missing object is
  // created as a group. Strings are stored as variable-length UTF-8. The root attributes
  // complete, content_checksum and checksum_algorithm are the writer's own: setting them
  // throws IoError.
  void attribute(std::string_view object_path, std::string_view name, std::string_view value);
  void attribute(std::string_view object_path, std::string_view name, double value);
  void attribute(std::string_view object_path, std::string_view name, std::int64_t value);
  void attribute(std::string_view object_path, std::string_view name, std::uint64_t value);
  // Other integer types (int, unsigned, std::size_t...) widen to 64 bits with their sign.
  template <std::signed_integral Int>
  void attribute(std::string_view object_path, std::string_view name, Int value) {
    attribute(object_path, name, static_cast<std::int64_t>(value));
  }
  template <UnsignedInteger Int>
  void attribute(std::string_view object_path, std::string_view name, Int value) {
    attribute(object_path, name, static_cast<std::uint64_t>(value));
  }

  // Writes `table` as the group group_path holding one 1-D dataset per column (float64,
  // int64 or variable-length UTF-8 string), each with attributes "unit" and "description";
  // the group gets "columns" (names joined by ',', in order) and "rows" (int64). Datasets
  // are chunked (min(rows, 65536) rows, at least 1; extendible) and deflate-4 compressed,
  // numeric ones with the shuffle filter. Throws IoError if the table fails validate() or a
  // column's dataset already exists.
  void table(std::string_view group_path, const Table& table);

  // Writes a rows x cols float64 dataset from row-major values (size rows * cols), chunked
  // and compressed like table columns, with attributes "unit" and "description".
  void dataset_2d(std::string_view path, std::size_t rows, std::size_t cols,
                  std::span<const double> row_major, std::string_view unit,
                  std::string_view description);

  // Pushes everything written so far to the temporary file, so that a crash after this
  // point leaves a readable file (still complete = 0) to inspect. Optional: commit() flushes.
  void flush();

  // Computes the content checksum of everything written (content_checksum.hpp) and stores
  // it as the root attributes content_checksum and checksum_algorithm; then writes the root
  // attribute complete = 1, flushes, closes, syncs to disk and renames the temporary file
  // onto final_path. Throws IoError (and leaves no final file) on failure,
  // after an earlier failure, or when called twice.
  void commit();

 private:
  template <class Action>
  void guarded(Action&& action);
  template <class Value>
  void set_attribute(std::string_view object_path, std::string_view name, const Value& value);
  void require_writable() const;
  void abandon() noexcept;
  std::string where(std::string_view object_path) const;

  std::filesystem::path final_path_;
  std::filesystem::path temporary_path_;
  std::int64_t file_ = -1;  // an HDF5 hid_t; kept opaque so <hdf5.h> stays out of headers
  bool committed_ = false;
  bool failed_ = false;
};

}  // namespace spipsim::io
