#include "sim/model/world.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "sim/engine/input_file.hpp"

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

World::World(std::vector<TerritoryRow> all,
             const std::vector<std::pair<std::string, std::string>>& borders,
             const std::string& selection) {
  for (const auto& row : all) national_population_ += row.population;
  if (selection.find_first_not_of(" ,") == std::string::npos)
    throw std::runtime_error(
        "world.sites: no département code given (write \"all\" for all of France, or codes "
        "such as \"21,75\")");
  if (selection == "all") {
    sites_ = std::move(all);
  } else {
    std::map<std::string, const TerritoryRow*> by_code;
    for (const auto& row : all) by_code[row.code] = &row;
    std::stringstream ss(selection);
    std::string code;
    while (std::getline(ss, code, ',')) {
      code.erase(0, code.find_first_not_of(' '));
      code.erase(code.find_last_not_of(' ') + 1);
      auto it = by_code.find(code);
      if (it == by_code.end())
        throw std::runtime_error("world.sites: unknown département code '" + code + "'");
      if (std::none_of(sites_.begin(), sites_.end(), [&](auto& r) { return r.code == code; }))
        sites_.push_back(*it->second);
    }
  }
  std::map<std::string, std::size_t> site_of_code;
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    site_of_code[sites_[s].code] = s;
    Vertex t = boost::add_vertex(WorldVertex{VertexKind::Territory, int(s), -1}, graph_);
    Vertex v = boost::add_vertex(WorldVertex{VertexKind::Site, int(s), -1}, graph_);
    boost::add_edge(v, t, WorldEdge{EdgeKind::SiteOfTerritory, 0}, graph_);
    site_vertex_.push_back(v);
  }
  for (const auto& [a, b] : borders) {
    auto ia = site_of_code.find(a), ib = site_of_code.find(b);
    if (ia == site_of_code.end() || ib == site_of_code.end()) continue;  // not simulated
    // Territory vertex of site s is 2s (added just before its site vertex).
    boost::add_edge(Vertex(2 * ia->second), Vertex(2 * ib->second), WorldEdge{EdgeKind::Border, 0},
                    graph_);
  }
  neighbours_.resize(sites_.size());
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    for (auto [e, end] = boost::out_edges(Vertex(2 * s), graph_); e != end; ++e) {
      if (graph_[*e].kind != EdgeKind::Border) continue;
      neighbours_[s].push_back(std::uint16_t(graph_[boost::target(*e, graph_)].site));
    }
    std::sort(neighbours_[s].begin(), neighbours_[s].end());
  }
}

void World::add_staff(std::size_t site, int officers, const double (&agreements)[kPartnerTypes]) {
  for (int o = 0; o < officers; ++o) {
    Vertex v = boost::add_vertex(WorldVertex{VertexKind::Officer, int(site), o}, graph_);
    boost::add_edge(v, site_vertex_[site], WorldEdge{EdgeKind::OfficerOfSite, 0}, graph_);
  }
  for (int p = 0; p < kPartnerTypes; ++p) {
    Vertex v = boost::add_vertex(WorldVertex{VertexKind::Partner, int(site), p}, graph_);
    boost::add_edge(site_vertex_[site], v, WorldEdge{EdgeKind::Agreement, agreements[p]}, graph_);
  }
}

}  // namespace spipsim::model
