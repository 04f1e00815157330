// The real world of the tests: the shipped data files (départements, borders, prisons)
// read into a World, for the geography and market tests.
#pragma once

#include <filesystem>
#include <string>

#include "sim/model/world.hpp"

namespace spipsim::model::test_data {

inline std::filesystem::path data_dir() {
  return std::filesystem::path(SPIPSIM_SOURCE_DIR) / "data";
}

inline World france_world(const std::string& sites, const GeographyOptions& options) {
  return World(read_territories((data_dir() / "departements.csv").string()),
               read_borders((data_dir() / "adjacency.csv").string()), sites,
               read_prisons((data_dir() / "departements-prisons.csv").string()), options);
}

}  // namespace spipsim::model::test_data
