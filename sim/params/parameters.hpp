#pragma once
// The values of every parameter of one scenario, indexed by ParamId. Reading a value is an
// array index (no name lookup), so the model may call real() in its inner loops.
#include <cassert>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/params/parameter_spec.hpp"
#include "sim/params/parameter_table.hpp"

namespace spipsim::params {

// One parameter value on the boundary (loading, timeline changes, overrides).
//   Real, Integer: number. Boolean: number 0 or 1. Choice: number = index into the choices.
//   Text: text.  Date: text "YYYY-MM-DD" and number = days since 1970-01-01 (both set).
struct Value {
  double number = 0.0;
  std::string text;
  bool operator==(const Value&) const = default;
};

Value date_value(std::chrono::year_month_day date);
std::chrono::year_month_day date_of(const Value& date);  // inverse of date_value()

class Parameters {
 public:
  // The built-in table's defaults; same as defaults().
  Parameters();
  static Parameters defaults();
  // Defaults of another table (tests build small ones). `table` must outlive the result.
  static Parameters defaults(std::span<const ParameterSpec> table);

  // Typed reads. Each asserts (in debug builds) that the parameter has a matching kind.
  double real(ParamId id) const {
    assert(spec(id).kind == Kind::Real || spec(id).kind == Kind::Integer);
    return numbers_[index_of(id)];
  }
  std::int64_t integer(ParamId id) const {
    assert(spec(id).kind == Kind::Integer);
    return static_cast<std::int64_t>(numbers_[index_of(id)]);
  }
  bool flag(ParamId id) const {
    assert(spec(id).kind == Kind::Boolean);
    return numbers_[index_of(id)] != 0.0;
  }
  std::size_t choice(ParamId id) const {
    assert(spec(id).kind == Kind::Choice);
    return static_cast<std::size_t>(numbers_[index_of(id)]);
  }
  const std::string& text(ParamId id) const {
    assert(spec(id).kind == Kind::Text || spec(id).kind == Kind::Date);
    return texts_[index_of(id)];
  }
  std::chrono::year_month_day date(ParamId id) const;
  std::string_view choice_name(ParamId id) const;

  Value value(ParamId id) const { return Value{numbers_[index_of(id)], texts_[index_of(id)]}; }
  // Contract: `v` is valid for the parameter (kind, bounds, choices); scenario loading
  // validates every value before it gets here, so set() does not check again.
  void set(ParamId id, Value v) {
    numbers_[index_of(id)] = v.number;
    texts_[index_of(id)] = std::move(v.text);
  }

  const ParameterSpec& spec(ParamId id) const { return table_[index_of(id)]; }
  std::span<const ParameterSpec> table() const { return table_; }
  std::size_t size() const { return table_.size(); }

  // Same table and the same value for every parameter.
  bool operator==(const Parameters& other) const;

 private:
  explicit Parameters(std::span<const ParameterSpec> table);

  std::span<const ParameterSpec> table_;
  std::vector<double> numbers_;     // hot reads: kept apart from the strings
  std::vector<std::string> texts_;  // empty for every kind but Text and Date
};

}  // namespace spipsim::params
