#pragma once
// The [set] table of a study file (a sweep design, an allocation file): parameter values fixed
// for every run, written flat ("run.years" = 4) or nested (run.years = 4, [set.run]), each
// checked like a scenario's value. Problems go to the document, at the key or the value.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/params/parameter_table.hpp"
#include "sim/params/parameters.hpp"
#include "sim/params/toml_document.hpp"

namespace spipsim::params {

// What a study file may not fix: its rule and hint, or nullopt when the parameter may be set.
using FixedRefusal =
    std::function<std::optional<std::pair<std::string, std::string>>(ParamId)>;

// The values of the table `root.set` (absent: none). Relative paths are resolved from base_dir.
std::vector<std::pair<ParamId, Value>> read_fixed_values(TomlDocument& doc,
                                                         const toml::table& root,
                                                         const std::filesystem::path& base_dir,
                                                         const FixedRefusal& refused = {});

}  // namespace spipsim::params
