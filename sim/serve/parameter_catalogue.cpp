#include "sim/serve/parameter_catalogue.hpp"

#include <chrono>
#include <cstdio>

#include "sim/params/value_text.hpp"

namespace spipsim::serve {

using nlohmann::json;

json parameter_catalogue() {
  const params::Parameters defaults = params::Parameters::defaults();
  json out = json::array();
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    const auto id = static_cast<params::ParamId>(i);
    const params::ParameterSpec& spec = defaults.spec(id);
    json entry = {{"name", std::string(spec.name)},
                  {"section", std::string(params::section_of(spec.name))},
                  {"kind", std::string(params::kind_name(spec.kind))},
                  {"unit", std::string(spec.unit)},
                  {"default", params::display_value(spec, defaults.value(id))},
                  {"description", std::string(spec.description)},
                  {"source", std::string(spec.source)},
                  {"assumption", spec.source == "assumption"},
                  {"timeline", spec.timeline},
                  {"editable", !params::is_path(spec)}};
    if (spec.kind == params::Kind::Real || spec.kind == params::Kind::Integer) {
      entry["min"] = spec.min;
      entry["max"] = spec.max;
      entry["bounds"] = params::bounds_text(spec);
    }
    if (spec.kind == params::Kind::Choice) {
      json choices = json::array();
      for (std::string_view c : params::choice_names(spec)) choices.push_back(std::string(c));
      entry["choices"] = choices;
    }
    out.push_back(entry);
  }
  return out;
}

json scenario_values(const params::Scenario& scenario) {
  json values = json::object();
  for (std::size_t i = 0; i < scenario.values.size(); ++i) {
    const auto id = static_cast<params::ParamId>(i);
    const params::ParameterSpec& spec = scenario.values.spec(id);
    values[std::string(spec.name)] = params::display_value(spec, scenario.values.value(id));
  }
  json timeline = json::array();
  for (const params::TimelineChange& change : scenario.timeline) {
    json sets = json::object();
    for (const auto& [id, value] : change.sets) {
      const params::ParameterSpec& spec = scenario.values.spec(id);
      sets[std::string(spec.name)] = params::display_value(spec, value);
    }
    char at[16];
    std::snprintf(at, sizeof at, "%04d-%02u-%02u", int(change.at.year()),
                  unsigned(change.at.month()), unsigned(change.at.day()));
    timeline.push_back({{"at", std::string(at)},
                        {"sets", sets}});
  }
  return {{"values", values}, {"timeline", timeline}};
}

}  // namespace spipsim::serve
