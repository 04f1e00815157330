#pragma once
// A column-oriented table: the unit of everything spipsim writes to a results file. Each
// column carries its unit and a description so that a file read years later still says
// what its numbers mean. Columns map one to one onto HDF5 datasets and pandas columns.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace spipsim::io {

using ColumnValues =
    std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;

struct Column {
  std::string name;
  std::string unit;  // e.g. "days", "EUR", "persons"; "1" for dimensionless, "" for labels
  std::string description;
  ColumnValues values;

  std::size_t size() const;
};

struct Table {
  std::vector<Column> columns;

  // Length of the first column; 0 for a table without columns. Meaningful only once
  // validate() has passed.
  std::size_t rows() const;

  // Appends a column; returns *this so that a table reads as a chain of add() calls.
  // Lengths are checked by validate(), not here, so columns may be filled in any order.
  Table& add(std::string name, std::string unit, std::string description, ColumnValues values);

  // The column with that name, or nullptr.
  const Column* find(std::string_view name) const;

  // Throws IoError naming `table_name` and the offending column when the table cannot be
  // stored faithfully: columns of different lengths, a name that is empty, repeated, ".",
  // or contains '/' or ',' (they are HDF5 link names and the ","-joined column order), or
  // a string containing a NUL byte (HDF5 strings end at the first NUL).
  void validate(std::string_view table_name) const;
};

}  // namespace spipsim::io
