#pragma once
// The parameter table (sim/params/parameters.def) as JSON for the lever editor: one entry per
// parameter with its section, kind, unit, bounds, choices, default, description, source and
// whether it is an assumption, may change on the timeline, and may be edited in the page
// (file paths may not). And a scenario's values in the text form the editor shows and the
// command line reads back.
#include <nlohmann/json.hpp>

#include "sim/params/scenario.hpp"

namespace spipsim::serve {

nlohmann::json parameter_catalogue();

// {"dotted.key": "text", ...} for every parameter of `scenario`, plus its timeline as
// [{"at": "YYYY-MM-DD", "sets": {"key": "text"}}].
nlohmann::json scenario_values(const params::Scenario& scenario);

}  // namespace spipsim::serve
