#include "sim/model/world.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "sim/engine/input_file.hpp"

namespace spipsim::model {
namespace {

// The overseas DISP (Mission des services pénitentiaires de l'outre-mer): its territories are
// islands or Guyane, so no release flows are drawn between them.
bool overseas(const std::string& disp) { return disp == "MSPOM" || disp == "MOM"; }

}  // namespace

World::World(std::vector<TerritoryRow> all,
             const std::vector<std::pair<std::string, std::string>>& borders,
             const std::string& selection, const std::vector<PrisonRow>& prisons,
             const GeographyOptions& options)
    : options_(options) {
  for (const auto& row : all) national_population_ += row.population;
  if (selection.find_first_not_of(" ,") == std::string::npos)
    throw std::runtime_error(
        "world.sites: no département code given (write \"all\" for all of France, or codes "
        "such as \"21,75\")");
  std::vector<TerritoryRow> table = all;
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
    territory_vertex_.push_back(t);
    site_vertex_.push_back(v);
    for (int k = 0; k < kMarketKinds; ++k) {
      VertexKind kind = k == 0 ? VertexKind::LabourMarket : VertexKind::HousingMarket;
      Vertex m = boost::add_vertex(WorldVertex{kind, int(s), -1}, graph_);
      boost::add_edge(m, t, WorldEdge{EdgeKind::MarketOf, 0}, graph_);
      market_vertex_[k].push_back(m);
    }
  }
  // Each land border joins the two territories, and their labour and housing markets: people
  // search for a job or a dwelling across it (site_commuting.cpp).
  for (const auto& [a, b] : borders) {
    auto ia = site_of_code.find(a), ib = site_of_code.find(b);
    if (ia == site_of_code.end() || ib == site_of_code.end()) continue;  // not simulated
    boost::add_edge(territory_vertex_[ia->second], territory_vertex_[ib->second],
                    WorldEdge{EdgeKind::Border, 0}, graph_);
    boost::add_edge(market_vertex_[0][ia->second], market_vertex_[0][ib->second],
                    WorldEdge{EdgeKind::Commuting, 0}, graph_);
    boost::add_edge(market_vertex_[1][ia->second], market_vertex_[1][ib->second],
                    WorldEdge{EdgeKind::HousingSearch, 0}, graph_);
  }
  area_km2_.assign(sites_.size(), 0.0);
  add_prisons(prisons, table, options.community_unemployment_elasticity);
  refresh();
}

// Detained shares, regime mix and antennas from the prison rows; community shares from
// population and unemployment; one prison vertex per département holding detainees, with a
// release-flow edge to every other simulated territory of its DISP weighted by population
// (where people held there live: an assumption, see docs/model.md).
void World::add_prisons(const std::vector<PrisonRow>& prisons, const std::vector<TerritoryRow>& all,
                        double elasticity) {
  const std::size_t n = sites_.size();
  detained_share_.assign(n, 0.0);
  community_share_.assign(n, 0.0);
  pour_peine_share_.assign(n, 0.0);
  for (int c = 0; c < kSentenceClasses; ++c) {
    class_share_[c].assign(n, 0.0);
    class_detainees_[c].assign(n, 0.0);
  }
  antennas_.assign(n, 0);
  disp_.assign(n, "");
  prison_vertex_.assign(n, WorldGraph::null_vertex());

  double mean_unemployment = 0;
  for (const auto& row : all) mean_unemployment += row.population * row.unemployment_rate;
  mean_unemployment /= national_population_;
  auto community_weight = [&](const TerritoryRow& row) {
    return row.population * std::pow(row.unemployment_rate / mean_unemployment, elasticity);
  };
  double community_total = 0;
  for (const auto& row : all) community_total += community_weight(row);
  for (std::size_t s = 0; s < n; ++s) community_share_[s] = community_weight(sites_[s]) / community_total;

  if (prisons.empty()) {
    for (std::size_t s = 0; s < n; ++s) detained_share_[s] = population_share(s);
    for (int c = 0; c < kSentenceClasses; ++c) class_share_[c] = detained_share_;
  }
  std::map<std::string, const PrisonRow*> prison_of_code;
  for (const auto& row : prisons) prison_of_code[row.code] = &row;
  double detained_total = 0;  // over the départements of the table (COM excluded)
  double class_total[kSentenceClasses] = {0, 0};
  for (const auto& row : all)
    if (auto it = prison_of_code.find(row.code); it != prison_of_code.end()) {
      detained_total += it->second->detainees;
      class_total[0] += it->second->detainees - it->second->detainees_pour_peine;
      class_total[1] += it->second->detainees_pour_peine;
    }
  for (std::size_t s = 0; s < n; ++s) {
    auto it = prison_of_code.find(sites_[s].code);
    if (it == prison_of_code.end()) continue;  // no prison row: no prison, no antenna
    const PrisonRow& p = *it->second;
    detained_share_[s] = detained_total > 0 ? p.detainees / detained_total : 0.0;
    pour_peine_share_[s] = p.detainees > 0 ? p.detainees_pour_peine / p.detainees : 0.0;
    class_detainees_[0][s] = p.detainees - p.detainees_pour_peine;
    class_detainees_[1][s] = p.detainees_pour_peine;
    for (int c = 0; c < kSentenceClasses; ++c)
      class_share_[c][s] = class_total[c] > 0 ? class_detainees_[c][s] / class_total[c] : 0.0;
    antennas_[s] = p.antennas;
    disp_[s] = p.disp;
    if (p.detainees <= 0) continue;
    prison_vertex_[s] = boost::add_vertex(WorldVertex{VertexKind::Prison, int(s), -1}, graph_);
    boost::add_edge(prison_vertex_[s], territory_vertex_[s],
                    WorldEdge{EdgeKind::PrisonOfTerritory, 0}, graph_);
  }
  // A reduced configuration is a scaled copy of France the size of its population: its
  // detention and its community caseload are its population share of France's, distributed
  // between its sites as the data say. Otherwise a single département cut off from its DISP
  // would send every reimprisonment of its community caseload to its own prison (Côte-d'Or:
  // 0.8% of the population, 0.37% of the detainees) and overstate national detention by a
  // third, and a département with low unemployment would have more partner places, jobs and
  // dwellings (set per inhabitant) per person followed than France has.
  // Each sentence class likewise: a selection of France's size holds France's mix of short
  // and long sentences, each served in the selection's prisons of that class.
  if (sites_.size() < all.size()) {
    double population = 0, detained = 0, community = 0, by_class[kSentenceClasses] = {0, 0};
    for (std::size_t s = 0; s < n; ++s) {
      population += population_share(s), detained += detained_share_[s],
          community += community_share_[s];
      for (int c = 0; c < kSentenceClasses; ++c) by_class[c] += class_share_[c][s];
    }
    for (std::size_t s = 0; s < n; ++s) {
      detained_share_[s] =
          detained > 0 ? detained_share_[s] / detained * population : population_share(s);
      community_share_[s] = community_share_[s] / community * population;
      for (int c = 0; c < kSentenceClasses; ++c)
        class_share_[c][s] = by_class[c] > 0 ? class_share_[c][s] / by_class[c] * population
                                             : detained_share_[s];
    }
  } else {
    for (int c = 0; c < kSentenceClasses; ++c)
      if (class_total[c] <= 0) class_share_[c] = detained_share_;
  }
  for (std::size_t p = 0; p < n; ++p) {
    if (prison_vertex_[p] == WorldGraph::null_vertex()) continue;
    for (std::size_t c = 0; c < n; ++c) {
      if (disp_[c] != disp_[p] || (overseas(disp_[p]) && c != p)) continue;
      // Committals are weighted by the prison's detainees (of the sentence's class: see
      // refresh), so that reimprisonments, like new entries, fill each prison of the DISP in
      // proportion to the data.
      const PrisonRow& row = *prison_of_code.at(sites_[p].code);
      boost::add_edge(territory_vertex_[c], prison_vertex_[p],
                      WorldEdge{EdgeKind::Committal, row.detainees}, graph_);
      if (c != p)
        boost::add_edge(prison_vertex_[p], territory_vertex_[c],
                        WorldEdge{EdgeKind::ReleaseFlow, sites_[c].population}, graph_);
    }
  }
}

void World::refresh() {
  neighbours_.assign(sites_.size(), {});
  for (auto& list : market_neighbours_) list.assign(sites_.size(), {});
  homes_.assign(sites_.size(), {});
  for (auto& list : committals_) list.assign(sites_.size(), {});
  // The edges of `kind` at vertex v, as (site at the other end, weight normalised to 1),
  // in site order. The graph is undirected: the kind tells the direction.
  // `weight` replaces the edge's strength when given (a prison's detainees of one class).
  auto read = [&](Vertex v, EdgeKind kind, std::vector<ReleaseHome>& into,
                  const std::vector<double>* weight = nullptr) {
    double total = 0;
    for (auto [e, end] = boost::out_edges(v, graph_); e != end; ++e) {
      if (graph_[*e].kind != kind) continue;
      int site = graph_[boost::target(*e, graph_)].site;
      double w = weight ? (*weight)[std::size_t(site)] : graph_[*e].strength;
      into.push_back({std::uint16_t(site), w});
      total += w;
    }
    std::sort(into.begin(), into.end(),
              [](const ReleaseHome& a, const ReleaseHome& b) { return a.site < b.site; });
    for (ReleaseHome& h : into) h.weight = total > 0 ? h.weight / total : 0.0;
  };
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    for (auto [e, end] = boost::out_edges(territory_vertex_[s], graph_); e != end; ++e) {
      if (graph_[*e].kind != EdgeKind::Border) continue;
      neighbours_[s].push_back(std::uint16_t(graph_[boost::target(*e, graph_)].site));
    }
    std::sort(neighbours_[s].begin(), neighbours_[s].end());
    for (int k = 0; k < kMarketKinds; ++k) {
      EdgeKind kind = k == 0 ? EdgeKind::Commuting : EdgeKind::HousingSearch;
      auto& list = market_neighbours_[k][s];
      for (auto [e, end] = boost::out_edges(market_vertex_[k][s], graph_); e != end; ++e)
        if (graph_[*e].kind == kind)
          list.push_back(std::uint16_t(graph_[boost::target(*e, graph_)].site));
      std::sort(list.begin(), list.end());
    }
    for (int c = 0; c < kSentenceClasses; ++c) {
      read(territory_vertex_[s], EdgeKind::Committal, committals_[c][s], &class_detainees_[c]);
      // No prison of that class along the edges: any prison, by all its detainees.
      if (std::all_of(committals_[c][s].begin(), committals_[c][s].end(),
                      [](const ReleaseHome& h) { return h.weight <= 0; })) {
        committals_[c][s].clear();
        read(territory_vertex_[s], EdgeKind::Committal, committals_[c][s]);
      }
    }
    if (prison_vertex_[s] != WorldGraph::null_vertex())
      read(prison_vertex_[s], EdgeKind::ReleaseFlow, homes_[s]);
  }
}

double World::away_share(std::size_t site) const {
  if (homes_[site].empty()) return 0.0;
  double pp = pour_peine_share_[site];
  return (1 - pp) * options_.away_share_maison_arret + pp * options_.away_share_pour_peine;
}

int World::cut_edge(EdgeKind kind, std::size_t a, std::size_t b) {
  Vertex from = kind == EdgeKind::ReleaseFlow ? prison_vertex_[a] : territory_vertex_[a];
  Vertex to = kind == EdgeKind::Committal ? prison_vertex_[b] : territory_vertex_[b];
  if (kind == EdgeKind::Commuting || kind == EdgeKind::HousingSearch) {
    int k = kind == EdgeKind::Commuting ? 0 : 1;
    from = market_vertex_[k][a];
    to = market_vertex_[k][b];
  }
  if (from == WorldGraph::null_vertex() || to == WorldGraph::null_vertex()) return 0;
  int removed = 0;
  // remove_edge(u, v) removes every parallel edge, whatever its kind: remove by descriptor.
  for (bool again = true; again;) {
    again = false;
    for (auto [e, end] = boost::out_edges(from, graph_); e != end; ++e) {
      if (graph_[*e].kind == kind && boost::target(*e, graph_) == to) {
        boost::remove_edge(*e, graph_);
        ++removed;
        again = true;
        break;
      }
    }
  }
  refresh();
  return removed;
}

void World::set_areas(const std::vector<std::pair<std::string, double>>& areas,
                      const std::string& source) {
  std::map<std::string, double> by_code(areas.begin(), areas.end());
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    auto it = by_code.find(sites_[s].code);
    if (it == by_code.end())
      throw std::runtime_error(source + ": no area for the simulated département '" +
                               sites_[s].code + "' (check world.areas in the scenario)");
    area_km2_[s] = it->second;
  }
}

double travel_hours(double area_km2, int offices, double density, const GeographyOptions& o) {
  if (area_km2 <= 0 || o.travel_away_share <= 0) return 0.0;
  constexpr double kPi = 3.14159265358979323846;
  double mean_km = 2.0 / 3.0 * std::sqrt(area_km2 / (kPi * std::max(1, offices)));
  double speed = o.travel_speed_urban_kmh + (o.travel_speed_rural_kmh - o.travel_speed_urban_kmh) /
                                                (1 + density / o.travel_urban_density);
  return o.travel_away_share * 2 * o.travel_detour_factor * mean_km / speed;
}

double World::travel_hours_per_contact(std::size_t site) const {
  double area = area_km2_[site];
  if (area <= 0) return 0.0;
  return travel_hours(area, 1 + antennas_[site], sites_[site].population / area, options_);
}

void World::add_partners(std::size_t site, const double (&agreements)[kPartnerTypes]) {
  for (int p = 0; p < kPartnerTypes; ++p) {
    Vertex v = boost::add_vertex(WorldVertex{VertexKind::Partner, int(site), p}, graph_);
    boost::add_edge(site_vertex_[site], v, WorldEdge{EdgeKind::Agreement, agreements[p]}, graph_);
  }
}

}  // namespace spipsim::model
