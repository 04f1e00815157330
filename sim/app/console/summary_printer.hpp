#pragma once
// The console forms of a run summary: an aligned table for people and JSON for scripts.
// Both carry the same content; both go to the stream given (stdout in the program).
#include <ostream>
#include <string>
#include <string_view>

#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/experiment/run/run_info.hpp"

namespace spipsim::experiment {

// Scenario name and description, then replicates, seed and years, then one line per
// headline, "label  mean  [lo, hi]  unit", under its group. Shares appear as percentages
// with one decimal; an undefined figure as "n/a"; an undefined interval (one replicate)
// as "[-, -]".
void print_summary(std::ostream& out, const RunInfo& run, const RunSummary& summary);

// {"scenario": ..., "description": ..., "replicates": ..., "seed": ..., "years": ...,
//  "headlines": {name: {"mean", "lo", "hi", "sd", "n", "unit", "label"}}}. Shares stay in
// [0, 1] (scripts want the number, not the rendering); NaN and infinities become null.
void print_summary_json(std::ostream& out, const RunInfo& run, const RunSummary& summary);

// A figure as the console shows it: a share as a percentage with one decimal, anything
// else with digits by magnitude (thousands separators from 100 up); "n/a" when not finite.
std::string format_value(double value, bool share);

// `text` as a JSON string literal, quotes included: escapes '"', '\\' and control
// characters; other bytes (UTF-8 included) pass through unchanged.
std::string json_string(std::string_view text);

// A JSON number in the shortest form that reads back to the same double; "null" for NaN
// and infinities, which JSON cannot represent.
std::string json_number(double value);

}  // namespace spipsim::experiment
