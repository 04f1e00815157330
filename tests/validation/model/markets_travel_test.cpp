// Markets across borders and the officers' travel time, run through the whole model at
// extreme parameters where the answer is exact (nothing crosses a cut edge or at weight 0;
// remote contacts cost no road) or a direction (more road, fewer contacts delivered).
//
// Côte-d'Or (21) and Jura (39) share a border; Jura and Doubs (25) share another; Côte-d'Or
// and Doubs do not.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/simulation.hpp"
#include "sim/model/world.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

namespace fs = std::filesystem;
constexpr std::uint64_t kSeed = 20250101;

params::Scenario scenario(const std::string& sites,
                          const std::vector<std::pair<std::string, std::string>>& overrides = {}) {
  params::Scenario s =
      params::load_scenario(fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml");
  params::apply_override(s, "world.sites", sites);
  params::apply_override(s, "run.years", "2");
  params::apply_override(s, "run.warmup_years", "1");
  for (const auto& [name, value] : overrides) params::apply_override(s, name, value);
  return s;
}

struct Crossings {
  std::map<std::uint16_t, long> jobs, dwellings;
};

Crossings crossings(const ReplicateOutput& out) {
  Crossings c;
  for (const MonthlySiteRecord& m : out.monthly) {
    c.jobs[m.site] += m.cross_border_jobs;
    c.dwellings[m.site] += m.cross_border_dwellings;
  }
  return c;
}

// Everything a run reports, as numbers: two runs with equal vectors are the same run (NaN,
// "no job yet", is written as -1e9 so that equal runs compare equal).
std::vector<double> outputs(const ReplicateOutput& out) {
  std::vector<double> v;
  for (const PersonRecord& r : out.persons)
    v.insert(v.end(), {double(r.id), r.index_day, r.days_to_reconviction, double(r.reconvicted),
                       r.days_to_job, double(r.employed_12m), double(r.housed_12m)});
  for (const MonthlySiteRecord& m : out.monthly)
    v.insert(v.end(), {double(m.supervised), double(m.detained), double(m.employed),
                       double(m.housed), double(m.contacts_delivered), double(m.reconvictions),
                       m.hours_contacts, m.hours_travel, double(m.cross_border_jobs),
                       double(m.cross_border_dwellings), double(m.releases_sent_home)});
  for (double& x : v)
    if (std::isnan(x)) x = -1e9;
  return v;
}

RunControl cut_commuting(std::size_t a, std::size_t b) {
  RunControl c;
  c.edit_world = [a, b](World& w) {
    EXPECT_EQ(w.cut_edge(EdgeKind::Commuting, a, b), 1);
    EXPECT_EQ(w.cut_edge(EdgeKind::HousingSearch, a, b), 1);
  };
  return c;
}

TEST(Commuting, JobsAndDwellingsAreFoundAcrossBorders) {
  ReplicateOutput out = run_replicate(scenario("21,39"), 0, kSeed);
  ASSERT_EQ(out.sites[0].code, "21");
  Crossings c = crossings(out);
  std::printf("cross-border jobs: 21 %ld, 39 %ld; dwellings: 21 %ld, 39 %ld\n", c.jobs[0],
              c.jobs[1], c.dwellings[0], c.dwellings[1]);
  for (std::uint16_t s = 0; s < 2; ++s) {
    EXPECT_GT(c.jobs[s], 0) << out.sites[s].code;
    EXPECT_GT(c.dwellings[s], 0) << out.sites[s].code;
  }
}

// The model reads the edges: with the only commuting edge cut, not one job or dwelling is
// found across the border, in either direction.
TEST(Commuting, ACutEdgeCarriesNothing) {
  ReplicateOutput out = run_replicate(scenario("21,39"), 0, kSeed, cut_commuting(0, 1));
  Crossings c = crossings(out);
  for (std::uint16_t s = 0; s < 2; ++s) {
    EXPECT_EQ(c.jobs[s], 0) << out.sites[s].code;
    EXPECT_EQ(c.dwellings[s], 0) << out.sites[s].code;
  }
}

// Three sites in a chain 21 - 39 - 25: cutting 21 - 39 leaves Côte-d'Or with no market
// neighbour (zero crossings, exactly) while Jura and Doubs still trade along their own edge.
TEST(Commuting, CuttingOneEdgeLeavesTheOthers) {
  params::Scenario s = scenario("21,25,39");
  ReplicateOutput out = run_replicate(s, 0, kSeed, cut_commuting(0, 2));
  ASSERT_EQ(out.sites[2].code, "39");
  Crossings c = crossings(out);
  EXPECT_EQ(c.jobs[0], 0);
  EXPECT_EQ(c.dwellings[0], 0);
  EXPECT_GT(c.jobs[1], 0) << "Doubs's searchers still find jobs in Jura";
  EXPECT_GT(c.jobs[2], 0) << "Jura's searchers still find jobs in Doubs";
}

// Weight 0: nothing crosses, and the run is exactly the run with the edges cut (the local
// markets are untouched: each keeps the whole of its offers).
TEST(Commuting, WeightZeroIsNoCommutingAtAll) {
  params::Scenario zero =
      scenario("21,39", {{"labour.commuting_weight", "0"}, {"housing.cross_border_weight", "0"}});
  ReplicateOutput out = run_replicate(zero, 0, kSeed);
  Crossings c = crossings(out);
  for (std::uint16_t s = 0; s < 2; ++s) {
    EXPECT_EQ(c.jobs[s], 0) << out.sites[s].code;
    EXPECT_EQ(c.dwellings[s], 0) << out.sites[s].code;
  }
  EXPECT_EQ(outputs(out), outputs(run_replicate(zero, 0, kSeed, cut_commuting(0, 1))));
  EXPECT_NE(outputs(out), outputs(run_replicate(scenario("21,39"), 0, kSeed)))
      << "commuting at the default weight changes the run";
}

// The news between sites is delivered between windows: 1 or 2 threads, the same run.
TEST(Commuting, ThreadCountDoesNotChangeTheOutput) {
  params::Scenario s = scenario("21,25,39", {{"labour.commuting_weight", "0.3"}});
  RunControl two;
  two.threads = 2;
  ReplicateOutput one_thread = run_replicate(s, 0, kSeed);
  EXPECT_GT(crossings(one_thread).jobs[2], 0);
  EXPECT_EQ(outputs(one_thread), outputs(run_replicate(s, 0, kSeed, two)));
}

struct Contacts {
  double delivered = 0, travel_hours = 0;
};

Contacts contacts(const params::Scenario& s) {
  Contacts c;
  ReplicateOutput out = run_replicate(s, 0, kSeed);
  for (const MonthlySiteRecord& m : out.monthly)
    c.delivered += m.contacts_delivered, c.travel_hours += m.hours_travel;
  return c;
}

// Côte-d'Or is 8802 km²: with every in-person contact away from the office at walking pace
// the road eats the officers' week and fewer contacts are delivered than with no travel.
TEST(Travel, ALongRoadDeliversFewerContacts) {
  const std::vector<std::pair<std::string, std::string>> far = {
      {"travel.away_share", "1"}, {"travel.speed_rural_kmh", "5"}, {"travel.speed_urban_kmh", "5"}};
  Contacts none = contacts(scenario("21", {{"travel.away_share", "0"}}));
  Contacts road = contacts(scenario("21", far));
  std::printf("contacts delivered: no travel %.0f, long road %.0f (%.0f hours on the road)\n",
              none.delivered, road.delivered, road.travel_hours);
  EXPECT_EQ(none.travel_hours, 0.0);
  EXPECT_GT(road.travel_hours, 0.0);
  EXPECT_LT(road.delivered, 0.8 * none.delivered);
}

// Remote contacts need no road: with every community contact remote, the travel parameters
// change nothing at all, to the bit.
TEST(Travel, RemoteContactsRemoveTheTravelCostExactly) {
  const std::vector<std::pair<std::string, std::string>> remote_far = {
      {"digital.remote_share", "1"},
      {"travel.away_share", "1"},
      {"travel.speed_rural_kmh", "5"},
      {"travel.speed_urban_kmh", "5"}};
  ReplicateOutput far = run_replicate(scenario("21", remote_far), 0, kSeed);
  ReplicateOutput none = run_replicate(
      scenario("21", {{"digital.remote_share", "1"}, {"travel.away_share", "0"}}), 0, kSeed);
  for (const MonthlySiteRecord& m : far.monthly) EXPECT_EQ(m.hours_travel, 0.0);
  EXPECT_EQ(outputs(far), outputs(none));
}

// Without areas there is no travel, and the run is the run at travel.away_share = 0.
TEST(Travel, NoAreasIsNoTravel) {
  ReplicateOutput without = run_replicate(scenario("21", {{"world.areas", ""}}), 0, kSeed);
  EXPECT_EQ(without.sites[0].travel_hours_per_contact, 0.0);
  EXPECT_EQ(without.sites[0].area_km2, 0.0);
  ReplicateOutput zero = run_replicate(scenario("21", {{"travel.away_share", "0"}}), 0, kSeed);
  EXPECT_EQ(zero.sites[0].area_km2, 8802.0);
  EXPECT_EQ(outputs(without), outputs(zero));
  ReplicateOutput base = run_replicate(scenario("21"), 0, kSeed);
  EXPECT_GT(base.sites[0].travel_hours_per_contact, 0.0);
  EXPECT_NE(outputs(base), outputs(zero)) << "the default travel time changes the run";
}

}  // namespace
}  // namespace spipsim::model
