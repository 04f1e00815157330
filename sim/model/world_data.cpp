// The readers of the world's data files: départements, borders, prisons and SPIP, areas. Each bad
// row is reported with its file and line; a missing file names the scenario key that sets it.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <map>
#include <stdexcept>

#include "sim/engine/input_file.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

// The whole data file, read only if it is a regular file of bounded size: a FIFO or an
// endless device named as a data path is refused, not read until memory runs out.
std::istringstream open_or_throw(const std::string& path, const char* what) {
  std::string text, problem;
  if (!engine::read_input_file(path, text, problem))
    throw std::runtime_error(path + ": the " + std::string(what) + " file " + problem +
                             " (check world." + what + " in the scenario)");
  return std::istringstream(std::move(text));
}

double parse_number(const std::string& text, const std::string& where, const char* column) {
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw std::runtime_error(where + ": column '" + column + "' is not a number: '" + text + "'");
}

}  // namespace

std::vector<TerritoryRow> read_territories(const std::string& path) {
  std::istringstream in = open_or_throw(path, "departements");
  std::string line;
  std::getline(in, line);
  if (line.rfind("code,name,region,population,unemployment_rate", 0) != 0)
    throw std::runtime_error(path +
                             ":1: expected the header "
                             "'code,name,region,population,unemployment_rate'");
  std::vector<TerritoryRow> rows;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto cells = split_csv_line(line);
    std::string where = path + ":" + std::to_string(n);
    if (cells.size() != 5) throw std::runtime_error(where + ": expected 5 columns");
    // A département without published figures (Mayotte: see data/departements-SOURCES.md)
    // cannot be scaled, so it is not simulated.
    if (cells[3].empty() && cells[4].empty()) continue;
    TerritoryRow row{cells[0], cells[1], cells[2], parse_number(cells[3], where, "population"),
                     parse_number(cells[4], where, "unemployment_rate")};
    if (row.population <= 0 || row.unemployment_rate <= 0 || row.unemployment_rate >= 100)
      throw std::runtime_error(where +
                               ": population must be > 0 and unemployment_rate in (0, 100)");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::pair<std::string, std::string>> read_borders(const std::string& path) {
  std::istringstream in = open_or_throw(path, "adjacency");
  std::string line;
  std::getline(in, line);
  if (line.rfind("code_a,code_b", 0) != 0)
    throw std::runtime_error(path + ":1: expected the header 'code_a,code_b'");
  std::vector<std::pair<std::string, std::string>> borders;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto cells = split_csv_line(line);
    if (cells.size() != 2)
      throw std::runtime_error(path + ":" + std::to_string(n) + ": expected 2 columns");
    borders.emplace_back(cells[0], cells[1]);
  }
  return borders;
}

std::vector<PrisonRow> read_prisons(const std::string& path) {
  std::istringstream in = open_or_throw(path, "prisons");
  std::string line;
  std::getline(in, line);
  auto header = split_csv_line(line);
  auto column = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end())
      throw std::runtime_error(path + ":1: missing the column '" + name + "'");
    return std::size_t(it - header.begin());
  };
  const std::size_t code = column("departement_code"), disp = column("disp"),
                    detainees = column("detainees_total"),
                    pour_peine = column("detainees_cd_mc_cne"),
                    antennas = column("n_spip_antennes_2015");
  std::vector<PrisonRow> rows;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto cells = split_csv_line(line);
    std::string where = path + ":" + std::to_string(n);
    if (cells.size() != header.size())
      throw std::runtime_error(where + ": expected " + std::to_string(header.size()) +
                               " columns, found " + std::to_string(cells.size()));
    PrisonRow row{cells[code], cells[disp], parse_number(cells[detainees], where, "detainees_total"),
                  parse_number(cells[pour_peine], where, "detainees_cd_mc_cne"), 0};
    // Collectivités without an A44 entry leave the antenna count empty: siège only.
    row.antennas = cells[antennas].empty()
                       ? 0
                       : int(parse_number(cells[antennas], where, "n_spip_antennes_2015"));
    if (row.detainees < 0 || row.detainees_pour_peine < 0 ||
        row.detainees_pour_peine > row.detainees || row.antennas < 0)
      throw std::runtime_error(where +
                               ": detainees must be >= 0, detainees_cd_mc_cne <= detainees_total "
                               "and n_spip_antennes_2015 >= 0");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::pair<std::string, double>> read_areas(const std::string& path) {
  std::istringstream in = open_or_throw(path, "areas");
  std::string line;
  std::getline(in, line);
  if (line.rfind("code,area_km2", 0) != 0)
    throw std::runtime_error(path + ":1: expected the header 'code,area_km2'");
  std::vector<std::pair<std::string, double>> areas;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto cells = split_csv_line(line);
    std::string where = path + ":" + std::to_string(n);
    if (cells.size() != 2) throw std::runtime_error(where + ": expected 2 columns");
    double area = parse_number(cells[1], where, "area_km2");
    if (!(area > 0) || !std::isfinite(area))
      throw std::runtime_error(where + ": column 'area_km2' must be a finite number > 0, got '" +
                               cells[1] + "'");
    areas.emplace_back(cells[0], area);
  }
  return areas;
}

}  // namespace spipsim::model
