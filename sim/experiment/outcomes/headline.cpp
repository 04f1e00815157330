#include "sim/experiment/outcomes/headline.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace spipsim::experiment {
namespace {

using enum HeadlineGroup;

constexpr std::array kHeadlines = {
#define SPIPSIM_HEADLINE_GROUP(group)
#define SPIPSIM_HEADLINE(name, label, unit, group) HeadlineEntry{name, label, unit, group},
#define SPIPSIM_COMPARISON_FIGURE(name, label, unit, group)
#include "sim/experiment/outcomes/headlines.def"
#undef SPIPSIM_HEADLINE_GROUP
#undef SPIPSIM_HEADLINE
#undef SPIPSIM_COMPARISON_FIGURE
};

constexpr std::array kComparisonFigures = {
#define SPIPSIM_HEADLINE_GROUP(group)
#define SPIPSIM_HEADLINE(name, label, unit, group)
#define SPIPSIM_COMPARISON_FIGURE(name, label, unit, group) HeadlineEntry{name, label, unit, group},
#include "sim/experiment/outcomes/headlines.def"
#undef SPIPSIM_HEADLINE_GROUP
#undef SPIPSIM_HEADLINE
#undef SPIPSIM_COMPARISON_FIGURE
};

}  // namespace

std::string_view group_name(HeadlineGroup group) {
  switch (group) {
#define SPIPSIM_HEADLINE_GROUP(group) \
  case group:                         \
    return #group;
#define SPIPSIM_HEADLINE(name, label, unit, group)
#define SPIPSIM_COMPARISON_FIGURE(name, label, unit, group)
#include "sim/experiment/outcomes/headlines.def"
#undef SPIPSIM_HEADLINE_GROUP
#undef SPIPSIM_HEADLINE
#undef SPIPSIM_COMPARISON_FIGURE
  }
  return "Other";
}

std::span<const HeadlineEntry> headline_catalogue() {
  return kHeadlines;
}

const HeadlineEntry& comparison_figure(std::string_view name) {
  for (const HeadlineEntry& spec : kComparisonFigures)
    if (spec.name == name) return spec;
  throw std::out_of_range("no comparison figure '" + std::string(name) + "' in headlines.def");
}

}  // namespace spipsim::experiment
