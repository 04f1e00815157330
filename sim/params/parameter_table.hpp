#pragma once
// The built-in parameter table (expanded from parameters.def) and its typed row index.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sim/params/parameter_spec.hpp"

namespace spipsim::params {

// A row index into a parameter table. The named enumerators index the built-in table; a
// test that builds its own table uses static_cast<ParamId>(row).
enum class ParamId : std::uint16_t {
#define SPIPSIM_PARAM(id, ...) id,
#include "sim/params/parameters.def"
#undef SPIPSIM_PARAM
  count_
};

constexpr std::size_t index_of(ParamId id) {
  return static_cast<std::size_t>(id);
}

// Every built-in parameter, in declaration order; row i describes ParamId(i).
std::span<const ParameterSpec> parameter_table();

// The row whose name is exactly `name`, in the built-in table or in `table`.
std::optional<ParamId> find_param(std::string_view name);
std::optional<ParamId> find_param(std::string_view name, std::span<const ParameterSpec> table);

// Every name of `table`, in row order (for did-you-mean hints).
std::vector<std::string_view> parameter_names(std::span<const ParameterSpec> table);

}  // namespace spipsim::params
