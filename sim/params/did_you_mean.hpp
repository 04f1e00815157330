#pragma once
// Suggestions for misspelled names, so an error can say what was probably meant.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace spipsim::params {

// Levenshtein distance (insertions, deletions, substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// "did you mean 'x'?" for the candidate closest to `wanted`, or "" when none is close.
// Close: within an edit distance of max(2, size/4), or, for dotted names, the same last
// component (a key written in the wrong section).
std::string did_you_mean(std::string_view wanted, const std::vector<std::string_view>& candidates);

// The hint for an unknown parameter name: did_you_mean(), or else where to find the list.
std::string unknown_parameter_hint(std::string_view wanted,
                                   const std::vector<std::string_view>& candidates);

}  // namespace spipsim::params
