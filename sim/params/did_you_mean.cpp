#include "sim/params/did_you_mean.hpp"

#include <algorithm>
#include <numeric>

namespace spipsim::params {
namespace {

std::string_view last_component(std::string_view name) {
  std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(std::string_view wanted, const std::vector<std::string_view>& candidates) {
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 4);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    std::size_t d = edit_distance(wanted, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  if (best.empty()) {
    std::string_view leaf = last_component(wanted);
    for (std::string_view candidate : candidates)
      if (last_component(candidate) == leaf) {
        best = candidate;
        break;
      }
  }
  return best.empty() ? std::string{} : "did you mean '" + std::string(best) + "'?";
}

std::string unknown_parameter_hint(std::string_view wanted,
                                   const std::vector<std::string_view>& candidates) {
  std::string hint = did_you_mean(wanted, candidates);
  return hint.empty() ? "run `spipsim params` to list every parameter" : hint;
}

}  // namespace spipsim::params
