#include "sim/params/parameter_table.hpp"

#include <array>

namespace spipsim::params {
namespace {

constexpr std::array kTable = {
#define SPIPSIM_PARAM(id, name, kind, default_value, default_text, unit, min, max, choices, \
                      description, source, timeline)                                        \
  ParameterSpec{name, Kind::kind, default_value, default_text, unit,    min,                \
                max,  choices,    description,   source,       timeline},
#include "sim/params/parameters.def"
#undef SPIPSIM_PARAM
};

static_assert(kTable.size() == index_of(ParamId::count_));

}  // namespace

std::span<const ParameterSpec> parameter_table() {
  return kTable;
}

std::optional<ParamId> find_param(std::string_view name) {
  return find_param(name, parameter_table());
}

std::optional<ParamId> find_param(std::string_view name, std::span<const ParameterSpec> table) {
  // A linear scan: only scenario loading and the command line look names up, never the model.
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].name == name) return static_cast<ParamId>(i);
  return std::nullopt;
}

std::vector<std::string_view> parameter_names(std::span<const ParameterSpec> table) {
  std::vector<std::string_view> names;
  names.reserve(table.size());
  for (const ParameterSpec& spec : table) names.push_back(spec.name);
  return names;
}

}  // namespace spipsim::params
