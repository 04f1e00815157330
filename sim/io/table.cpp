#include "sim/io/table.hpp"

#include <algorithm>
#include <set>

#include "sim/io/io_error.hpp"

namespace spipsim::io {

std::size_t Column::size() const {
  return std::visit([](const auto& v) { return v.size(); }, values);
}

std::size_t Table::rows() const {
  return columns.empty() ? 0 : columns.front().size();
}

Table& Table::add(std::string name, std::string unit, std::string description,
                  ColumnValues values) {
  columns.push_back(
      Column{std::move(name), std::move(unit), std::move(description), std::move(values)});
  return *this;
}

const Column* Table::find(std::string_view name) const {
  auto it =
      std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
  return it == columns.end() ? nullptr : &*it;
}

void Table::validate(std::string_view table_name) const {
  auto fail = [&](const Column& c, const std::string& what) {
    throw IoError("table " + quoted_name(table_name) + ": column " + quoted_name(c.name) + " " +
                  what);
  };
  std::set<std::string_view> seen;
  for (const Column& c : columns) {
    if (c.name.empty() || c.name == "." || c.name.find_first_of("/,") != std::string::npos)
      fail(c, "has an invalid name (it must be non-empty, not \".\", without '/' or ',')");
    if (!seen.insert(c.name).second) fail(c, "appears twice");
    if (c.size() != rows())
      fail(c, "has " + std::to_string(c.size()) + " rows but column " +
                  quoted_name(columns.front().name) + " has " + std::to_string(rows()) +
                  " (all columns must have the same length)");
    if (auto* strings = std::get_if<std::vector<std::string>>(&c.values)) {
      for (std::size_t row = 0; row < strings->size(); ++row)
        if ((*strings)[row].find('\0') != std::string::npos)
          fail(c, "holds a NUL byte in row " + std::to_string(row) +
                      " (HDF5 strings cannot contain NUL)");
    }
  }
}

}  // namespace spipsim::io
