// The markets on the world graph (issue 11): a labour and a housing market vertex per
// territory, commuting edges along the borders, and cut_edge on them; the areas file and the
// travel time per in-person contact computed from it (World::travel_hours_per_contact).
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

#include "sim/model/world.hpp"
#include "tests/unit/model/france_data.hpp"

namespace spipsim::model {
namespace {

namespace fs = std::filesystem;

using test_data::data_dir;

GeographyOptions travel_options() {
  GeographyOptions o;
  o.travel_away_share = 0.25;
  o.travel_detour_factor = 1.3;
  o.travel_speed_rural_kmh = 60;
  o.travel_speed_urban_kmh = 20;
  o.travel_urban_density = 1000;
  return o;
}

World real_world(const std::string& sites, const GeographyOptions& o = travel_options()) {
  World w = test_data::france_world(sites, o);
  std::string areas = (data_dir() / "departements-areas.csv").string();
  w.set_areas(read_areas(areas), areas);
  return w;
}

std::size_t site_of(const World& w, const std::string& code) {
  for (std::size_t s = 0; s < w.site_count(); ++s)
    if (w.territory(s).code == code) return s;
  ADD_FAILURE() << code << " not simulated";
  return 0;
}

TEST(MarketsGraph, EveryTerritoryHasALabourAndAHousingMarket) {
  World w = real_world("all");
  int labour = 0, housing = 0, market_of = 0, commuting = 0, housing_search = 0, borders = 0;
  const WorldGraph& g = w.graph();
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    labour += g[*v].kind == VertexKind::LabourMarket;
    housing += g[*v].kind == VertexKind::HousingMarket;
  }
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    market_of += g[*e].kind == EdgeKind::MarketOf;
    commuting += g[*e].kind == EdgeKind::Commuting;
    housing_search += g[*e].kind == EdgeKind::HousingSearch;
    borders += g[*e].kind == EdgeKind::Border;
  }
  EXPECT_EQ(labour, 101);
  EXPECT_EQ(housing, 101);
  EXPECT_EQ(market_of, 202);
  EXPECT_EQ(borders, 238) << "data/adjacency.csv";
  EXPECT_EQ(commuting, borders) << "one commuting edge per land border";
  EXPECT_EQ(housing_search, borders);
  for (std::size_t s = 0; s < w.site_count(); ++s) {
    EXPECT_EQ(w.market_neighbours(0, s), w.neighbours(s)) << w.territory(s).code;
    EXPECT_EQ(w.market_neighbours(1, s), w.neighbours(s)) << w.territory(s).code;
  }
}

TEST(MarketsGraph, CuttingACommutingEdgeRemovesThatNeighbourOnly) {
  World w = real_world("21,25,39");
  const std::size_t dijon = site_of(w, "21"), doubs = site_of(w, "25"), jura = site_of(w, "39");
  ASSERT_EQ(w.market_neighbours(0, jura).size(), 2u);
  EXPECT_EQ(w.cut_edge(EdgeKind::Commuting, dijon, jura), 1);
  EXPECT_TRUE(w.market_neighbours(0, dijon).empty());
  ASSERT_EQ(w.market_neighbours(0, jura).size(), 1u) << "the edge is cut both ways";
  EXPECT_EQ(w.market_neighbours(0, jura)[0], doubs);
  EXPECT_EQ(w.market_neighbours(1, dijon).size(), 1u) << "the housing edge is another edge";
  EXPECT_EQ(w.neighbours(dijon).size(), 1u) << "the border is another edge";
  EXPECT_EQ(w.cut_edge(EdgeKind::HousingSearch, jura, dijon), 1);
  EXPECT_TRUE(w.market_neighbours(1, dijon).empty());
  EXPECT_EQ(w.cut_edge(EdgeKind::Commuting, dijon, jura), 0) << "already cut";
}

// The formula of world.hpp, by hand: Côte-d'Or, 8802 km², a siège and its antennas,
// 61 inhabitants/km² or so.
TEST(TravelTime, FollowsTheDocumentedFormula) {
  World w = real_world("21,75,48");
  const std::size_t dijon = site_of(w, "21");
  const double area = w.area_km2(dijon);
  EXPECT_EQ(area, 8802.0) << "data/departements-areas.csv";
  const int offices = 1 + w.antennas(dijon);
  const double density = w.territory(dijon).population / area;
  const double mean_km = 2.0 / 3.0 * std::sqrt(area / (M_PI * offices));
  const double speed = 20 + 40 / (1 + density / 1000);
  EXPECT_NEAR(w.travel_hours_per_contact(dijon), 0.25 * 2 * 1.3 * mean_km / speed, 1e-12);
  // Paris: small and dense; Lozère: large and empty.
  EXPECT_LT(w.travel_hours_per_contact(site_of(w, "75")),
            w.travel_hours_per_contact(site_of(w, "48")));
}

TEST(TravelTime, GrowsWithAreaAndFallsWithOffices) {
  GeographyOptions o = travel_options();
  EXPECT_EQ(travel_hours(0, 1, 50, o), 0.0) << "no area, no travel";
  EXPECT_LT(travel_hours(1000, 1, 50, o), travel_hours(4000, 1, 50, o));
  EXPECT_NEAR(travel_hours(4000, 1, 50, o), 2 * travel_hours(1000, 1, 50, o), 1e-12)
      << "distance scales as the square root of the area";
  EXPECT_NEAR(travel_hours(4000, 4, 50, o), travel_hours(1000, 1, 50, o), 1e-12)
      << "four offices share the area";
  EXPECT_LT(travel_hours(1000, 1, 50, o), travel_hours(1000, 1, 5000, o))
      << "slower where dense";
  o.travel_away_share = 0;
  EXPECT_EQ(travel_hours(4000, 1, 50, o), 0.0) << "no contact away from an office";
}

TEST(TravelTime, WithoutAreasThereIsNoTravel) {
  World w(read_territories((data_dir() / "departements.csv").string()),
          read_borders((data_dir() / "adjacency.csv").string()), "21", {}, travel_options());
  EXPECT_EQ(w.area_km2(0), 0.0);
  EXPECT_EQ(w.travel_hours_per_contact(0), 0.0);
}

fs::path write_file(const std::string& name, const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("spipsim_markets_" + name);
  std::ofstream(p) << text;
  return p;
}

void expect_error(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "no error, expected one naming '" << needle << "'";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(AreasFile, BadRowsAreNamedWithFileLineAndRule) {
  fs::path header = write_file("header.csv", "code,area\n21,8802\n");
  expect_error([&] { read_areas(header.string()); }, header.string() + ":1: expected the header");
  fs::path negative = write_file("negative.csv", "code,area_km2\n21,8802\n75,-3\n");
  expect_error([&] { read_areas(negative.string()); },
               negative.string() + ":3: column 'area_km2' must be a finite number > 0");
  fs::path text = write_file("text.csv", "code,area_km2\n21,big\n");
  expect_error([&] { read_areas(text.string()); },
               text.string() + ":2: column 'area_km2' is not a number");
  fs::path infinite = write_file("inf.csv", "code,area_km2\n21,inf\n");
  expect_error([&] { read_areas(infinite.string()); }, infinite.string() + ":2:");
  fs::path missing = write_file("missing.csv", "code,area_km2\n21,8802\n");
  World w = real_world("21,25");
  expect_error([&] { w.set_areas(read_areas(missing.string()), missing.string()); },
               missing.string() + ": no area for the simulated département '25'");
  expect_error([&] { read_areas((fs::temp_directory_path() / "no_such_areas.csv").string()); },
               "world.areas");
  for (const fs::path& p : {header, negative, text, infinite, missing}) fs::remove(p);
}

}  // namespace
}  // namespace spipsim::model
