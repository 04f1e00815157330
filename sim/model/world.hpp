#pragma once
// The static world as a Boost.Graph: territories (départements) with their labour and
// housing markets, linked by land borders; one SPIP site per simulated territory; the
// site's officers and partners. People are not vertices: their links (officer, partner,
// job, dwelling) change millions of times a run and live as columns in PersonStore, which
// is the graph's dynamic edge set stored for speed.
#include <cstdint>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/model/replicate_output.hpp"

namespace spipsim::model {

enum class VertexKind : std::uint8_t { Territory, Site, Officer, Partner };
enum class EdgeKind : std::uint8_t { Border, SiteOfTerritory, OfficerOfSite, Agreement };

struct WorldVertex {
  VertexKind kind = VertexKind::Territory;
  int site = -1;   // index of the site this vertex belongs to (Territory: the site it hosts)
  int index = -1;  // officer index within the site, or PartnerType
};

struct WorldEdge {
  EdgeKind kind = EdgeKind::Border;
  double strength = 0;  // Agreement: 0..1
};

using WorldGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, WorldVertex, WorldEdge>;
using Vertex = WorldGraph::vertex_descriptor;

struct TerritoryRow {
  std::string code, name, region;
  double population = 0;
  double unemployment_rate = 0;  // percent
};

// Reads departements.csv; throws std::runtime_error naming the file and line on bad rows.
std::vector<TerritoryRow> read_territories(const std::string& path);
// Reads adjacency.csv as pairs of codes; throws naming the file and line.
std::vector<std::pair<std::string, std::string>> read_borders(const std::string& path);

class World {
 public:
  // Builds the graph for the selected codes ("all" or a comma-separated list). Borders
  // between two selected territories become edges; codes not in the table are an error.
  World(std::vector<TerritoryRow> all,
        const std::vector<std::pair<std::string, std::string>>& borders,
        const std::string& selection);

  std::size_t site_count() const { return sites_.size(); }
  const TerritoryRow& territory(std::size_t site) const { return sites_[site]; }
  // Sites sharing a land border with `site`, in ascending site order (a graph query).
  const std::vector<std::uint16_t>& neighbours(std::size_t site) const { return neighbours_[site]; }
  // Population of the selected sites over the national population of the table.
  double population_share(std::size_t site) const {
    return sites_[site].population / national_population_;
  }
  double national_population() const { return national_population_; }

  // Adds the officer and partner vertices of a site (called when a site is staffed).
  void add_staff(std::size_t site, int officers, const double (&agreements)[kPartnerTypes]);
  const WorldGraph& graph() const { return graph_; }

 private:
  WorldGraph graph_;
  std::vector<TerritoryRow> sites_;
  std::vector<Vertex> site_vertex_;
  std::vector<std::vector<std::uint16_t>> neighbours_;
  double national_population_ = 0;
};

}  // namespace spipsim::model
