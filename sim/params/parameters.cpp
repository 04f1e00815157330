#include "sim/params/parameters.hpp"

#include "sim/engine/sim_time.hpp"

namespace spipsim::params {

Value date_value(std::chrono::year_month_day date) {
  // The engine's calendar owns ISO formatting: day 0 of a calendar anchored at `date`.
  std::string iso = engine::Calendar(date).iso(engine::SimTime::days(0.0));
  return Value{static_cast<double>(std::chrono::sys_days(date).time_since_epoch().count()),
               std::move(iso)};
}

Parameters::Parameters() : Parameters(parameter_table()) {}

Parameters Parameters::defaults() {
  return Parameters(parameter_table());
}

Parameters Parameters::defaults(std::span<const ParameterSpec> table) {
  return Parameters(table);
}

Parameters::Parameters(std::span<const ParameterSpec> table)
    : table_(table), numbers_(table.size(), 0.0), texts_(table.size()) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    const ParameterSpec& spec = table[i];
    if (spec.kind == Kind::Date) {
      // An unparsable default date is caught by the table consistency test; keep 0 here.
      std::chrono::year_month_day date{};
      if (engine::parse_iso_date(std::string(spec.default_text), date)) {
        Value v = date_value(date);
        numbers_[i] = v.number;
      }
      texts_[i] = std::string(spec.default_text);
    } else if (spec.kind == Kind::Text) {
      texts_[i] = std::string(spec.default_text);
    } else {
      numbers_[i] = spec.default_value;
    }
  }
}

std::chrono::year_month_day date_of(const Value& date) {
  auto days = std::chrono::days(static_cast<long>(date.number));
  return std::chrono::year_month_day(std::chrono::sys_days(days));
}

std::chrono::year_month_day Parameters::date(ParamId id) const {
  assert(spec(id).kind == Kind::Date);
  return date_of(Value{numbers_[index_of(id)], {}});
}

std::string_view Parameters::choice_name(ParamId id) const {
  std::vector<std::string_view> names = choice_names(spec(id));
  std::size_t index = choice(id);
  return index < names.size() ? names[index] : std::string_view{};
}

bool Parameters::operator==(const Parameters& other) const {
  return table_.data() == other.table_.data() && table_.size() == other.table_.size() &&
         numbers_ == other.numbers_ && texts_ == other.texts_;
}

}  // namespace spipsim::params
