#pragma once
// The static world as one Boost.Graph, built in one place (the World constructor) from the
// data files. Vertices: territories (départements), their SPIP sites, their prisons (one
// vertex for the establishments of a département), their labour and housing markets, their
// partners. Edges: land borders between territories (read by relocations), the site of a
// territory, the prison of a territory, the markets of a territory, commuting edges between
// the labour markets (and the housing markets) of neighbouring territories (read by the
// cross-border job and dwelling offers, site_commuting.cpp), agreements between a site and
// its partners, release flows from a prison to
// the home territories of the people it holds (read when a prison entrant's home is drawn and
// when a supervised release moves to the home SPIP), and committals from a territory to the
// prisons of its DISP (read when someone followed there is reimprisoned). Cutting an edge
// (cut_edge) stops the flow it carries.
//
// People are not vertices: their links (officer, partner, job, dwelling) change millions of
// times a run and live as columns in PersonStore. Officers are not vertices either: they come
// and go (site_workforce.cpp).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/model/prison_sentence.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::model {

enum class VertexKind : std::uint8_t { Territory, Site, Prison, Partner, LabourMarket, HousingMarket };
enum class EdgeKind : std::uint8_t {
  Border,
  SiteOfTerritory,
  PrisonOfTerritory,
  Agreement,
  ReleaseFlow,  // prison → home territory: where its entrants live and go back to
  Committal,    // territory → prison: where someone followed there serves a new custody
                // (weighted by the prison's detainees of the sentence's class)
  MarketOf,     // labour or housing market → its territory
  Commuting,    // labour market ↔ labour market of a neighbouring territory (one per border)
  HousingSearch,  // housing market ↔ housing market of a neighbouring territory
};

struct WorldVertex {
  VertexKind kind = VertexKind::Territory;
  int site = -1;   // index of the site this vertex belongs to
  int index = -1;  // PartnerType for a partner
};

struct WorldEdge {
  EdgeKind kind = EdgeKind::Border;
  // Agreement: 0..1. ReleaseFlow: relative weight of this home among the prison's homes.
  double strength = 0;
};

using WorldGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, WorldVertex, WorldEdge>;
using Vertex = WorldGraph::vertex_descriptor;

struct TerritoryRow {
  std::string code, name, region;
  double population = 0;
  double unemployment_rate = 0;  // percent
};

// One département's prisons and SPIP (departements-prisons.csv): detainees on 1 July 2026 by
// regime, the DISP, and the number of SPIP antennas (art. A44 CPP, 2015).
struct PrisonRow {
  std::string code, disp;
  double detainees = 0;              // all regimes
  double detainees_pour_peine = 0;   // CD, MC, CNE: allocated regionally or nationally
  int antennas = 0;                  // besides the siège
};

// How the data become shares and flows (parameters world.* and mobility.*).
struct GeographyOptions {
  // Community caseload ∝ population × (unemployment / national mean)^elasticity.
  double community_unemployment_elasticity = 0;
  // Share of a prison's entrants whose home is another département, by regime.
  double away_share_maison_arret = 0;
  double away_share_pour_peine = 0;
  // Officer time on the road per in-person contact (parameters travel.*, see travel_hours).
  double travel_away_share = 0;       // share of in-person contacts held away from an office
  double travel_detour_factor = 1;    // road distance / straight-line distance
  double travel_speed_rural_kmh = 60;
  double travel_speed_urban_kmh = 20;
  double travel_urban_density = 1000;  // inhabitants/km² at which the speed is half-way
};

// Hours of officer travel per in-person contact at a site of `area_km2` served by `offices`
// (siège and antennas) with `density` inhabitants/km² (docs/model.md, "Travel time"): an
// away contact is a round trip to the mean distance from the nearest office of a point of a
// disc of area area/offices, (2/3)·sqrt(area / (π·offices)), lengthened by the detour
// factor, at a speed that falls from rural to urban with density.
double travel_hours(double area_km2, int offices, double density, const GeographyOptions& o);

// Reads departements.csv; throws std::runtime_error naming the file and line on bad rows.
std::vector<TerritoryRow> read_territories(const std::string& path);
// Reads adjacency.csv as pairs of codes; throws naming the file and line.
std::vector<std::pair<std::string, std::string>> read_borders(const std::string& path);
// Reads departements-prisons.csv (columns found by name); throws naming the file and line.
std::vector<PrisonRow> read_prisons(const std::string& path);
// Reads departements-areas.csv (code, area_km2); throws naming the file, line and rule.
std::vector<std::pair<std::string, double>> read_areas(const std::string& path);

// A home territory a prison releases to, with its probability among the away homes.
struct ReleaseHome {
  std::uint16_t site;
  double weight;  // normalised over the prison's remaining release-flow edges
};

class World {
 public:
  // Builds the graph for the selected codes ("all" or a comma-separated list). Borders
  // between two selected territories become edges; codes not in the table are an error.
  // Without prison rows, detained shares follow population (the former rule).
  World(std::vector<TerritoryRow> all,
        const std::vector<std::pair<std::string, std::string>>& borders,
        const std::string& selection, const std::vector<PrisonRow>& prisons = {},
        const GeographyOptions& options = {});

  std::size_t site_count() const { return sites_.size(); }
  const TerritoryRow& territory(std::size_t site) const { return sites_[site]; }
  // Sites sharing a land border with `site`, in ascending site order (a graph query).
  const std::vector<std::uint16_t>& neighbours(std::size_t site) const { return neighbours_[site]; }
  // Population of the site over the national population of the table.
  double population_share(std::size_t site) const {
    return sites_[site].population / national_population_;
  }
  double national_population() const { return national_population_; }
  // The site's share of the national detained population (prisons data) and of the national
  // community caseload (population and unemployment, see GeographyOptions). In a reduced
  // configuration (not every département) both are rescaled to sum to the selection's
  // population share, distributed between its sites as in the national configuration.
  double detained_share(std::size_t site) const { return detained_share_[site]; }
  double community_share(std::size_t site) const { return community_share_[site]; }
  // Share of the site's detainees held in établissements pour peine.
  double pour_peine_share(std::size_t site) const { return pour_peine_share_[site]; }
  // The site's share of the national detainees of one sentence class (maisons d'arrêt for
  // Short, établissements pour peine for Long), rescaled like detained_share in a reduced
  // configuration. Where the table (or the selection) holds none of a class, that class
  // follows the other one.
  double detained_share(std::size_t site, SentenceClass c) const {
    return class_share_[int(c)][site];
  }
  int antennas(std::size_t site) const { return antennas_[site]; }
  const std::string& disp(std::size_t site) const { return disp_[site]; }
  // Chance that an entrant to this site's prisons lives in another département (by regime
  // mix); zero when the prison has no release-flow edge left.
  double away_share(std::size_t site) const;
  // The home territories of this site's prison, read from the ReleaseFlow edges.
  const std::vector<ReleaseHome>& release_homes(std::size_t site) const { return homes_[site]; }
  // The prisons where someone followed at this site serves a new custody of class `c`, read
  // from the Committal edges (the site itself included when it has a prison) and weighted by
  // each prison's detainees of that class; by all its detainees when none of the prisons
  // reached holds that class. Empty: custody is served where the person is.
  const std::vector<ReleaseHome>& committal_prisons(std::size_t site, SentenceClass c) const {
    return committals_[int(c)][site];
  }
  // The sites whose labour market (kind 0) or housing market (kind 1) is joined to this
  // site's by a Commuting or HousingSearch edge, in ascending site order.
  const std::vector<std::uint16_t>& market_neighbours(int kind, std::size_t site) const {
    return market_neighbours_[kind][site];
  }

  // Areas (world.areas): a simulated site missing from the rows is an error naming `source`.
  // Without areas, area_km2 is 0 and there is no travel.
  void set_areas(const std::vector<std::pair<std::string, double>>& areas,
                 const std::string& source);
  double area_km2(std::size_t site) const { return area_km2_[site]; }
  // Officer hours on the road per in-person contact in the community (travel_hours with
  // the site's area, siège plus antennas, and density).
  double travel_hours_per_contact(std::size_t site) const;

  // Removes the edges of `kind` between the two sites' vertices (Border: territory to
  // territory; ReleaseFlow: prison of `a` to territory of `b`; Committal: territory of `a` to
  // prison of `b`; Commuting and HousingSearch: market to market) and refreshes what is read
  // from them. Returns the number of edges removed. For tests and what-if studies.
  int cut_edge(EdgeKind kind, std::size_t a, std::size_t b);

  // Adds a site's partner vertices with their agreement edges (descriptive: the partner
  // services read the agreement from the parameters, which a timeline can change).
  void add_partners(std::size_t site, const double (&agreements)[kPartnerTypes]);
  const WorldGraph& graph() const { return graph_; }

 private:
  void add_prisons(const std::vector<PrisonRow>& prisons, const std::vector<TerritoryRow>& all,
                   double elasticity);
  void refresh();  // neighbours_ and homes_ from the graph

  WorldGraph graph_;
  std::vector<TerritoryRow> sites_;
  std::vector<Vertex> territory_vertex_, site_vertex_, prison_vertex_;
  std::vector<Vertex> market_vertex_[kMarketKinds];
  std::vector<std::vector<std::uint16_t>> neighbours_;
  std::vector<std::vector<std::uint16_t>> market_neighbours_[kMarketKinds];
  std::vector<double> area_km2_;
  std::vector<std::vector<ReleaseHome>> homes_, committals_[kSentenceClasses];
  std::vector<double> detained_share_, community_share_, pour_peine_share_;
  std::vector<double> class_share_[kSentenceClasses];
  std::vector<double> class_detainees_[kSentenceClasses];  // per site, from the prison rows
  std::vector<int> antennas_;
  std::vector<std::string> disp_;
  GeographyOptions options_;
  double national_population_ = 0;
};

}  // namespace spipsim::model
