#include "sim/params/toml_value_check.hpp"

namespace spipsim::params {

std::string toml_type_phrase(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time of day";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

namespace {

std::chrono::year_month_day to_ymd(const toml::date& d) {
  return std::chrono::year_month_day(std::chrono::year(d.year), std::chrono::month(d.month),
                                     std::chrono::day(d.day));
}

}  // namespace

ValueCheck check_toml_value(const ParameterSpec& spec, const toml::node& node,
                            const std::filesystem::path& base_dir) {
  switch (node.type()) {
    case toml::node_type::integer:
      return check_number(spec, static_cast<double>(node.as_integer()->get()),
                          std::to_string(node.as_integer()->get()));
    case toml::node_type::floating_point:
      if (spec.kind == Kind::Integer) return wrong_type(spec, toml_type_phrase(node.type()));
      return check_number(spec, node.as_floating_point()->get());
    case toml::node_type::boolean:
      return check_flag(spec, node.as_boolean()->get());
    case toml::node_type::string:
      return check_string(spec, node.as_string()->get(), base_dir);
    case toml::node_type::date:
      return check_date(spec, to_ymd(node.as_date()->get()));
    default:
      return wrong_type(spec, toml_type_phrase(node.type()));
  }
}

}  // namespace spipsim::params
