#pragma once
// The model's entry point: one replicate of one scenario, start to end.
#include <cstdint>
#include <functional>

#include "sim/model/replicate_output.hpp"

namespace spipsim::params {
struct Scenario;
}

namespace spipsim::model {

class World;

struct RunControl {
  int threads = 1;  // sites run in parallel windows; results do not depend on this
  // Called from the calling thread with the fraction of simulated time done (0..1).
  std::function<void(double)> progress;
  // Checking build: Site::check_invariants after every event (throws std::logic_error
  // naming the broken invariant). Slow; tests turn it on, runs never do.
  bool check_invariants = false;
  // Checking build: at every month end, the stocks kept as counters against a count of
  // every row (Site::check_stocks; throws std::logic_error). Costs one scan a month.
  bool check_stocks = false;
  // Called on the world once it is built from the data, before the sites: tests and what-if
  // studies cut edges here (World::cut_edge).
  std::function<void(World&)> edit_world;
};

// Checks what the parameter table cannot: the data files load, the selected sites exist,
// staffing.site_officers and staffing.added_posts (in the scenario and on its timeline) name
// simulated sites.
// Throws params::ScenarioError with one diagnostic per problem (bad input, exit code 2).
void check_scenario_data(const params::Scenario& scenario);

// Runs one replicate. Deterministic: the same (scenario, replicate, seed) gives the same
// output whatever RunControl::threads is. Throws std::runtime_error on data problems (an
// unreadable département file, an unknown site code), naming the file and the line.
ReplicateOutput run_replicate(const params::Scenario& scenario, std::uint32_t replicate,
                              std::uint64_t seed, const RunControl& control = {});

}  // namespace spipsim::model
