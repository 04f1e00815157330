#pragma once
// An allocation file: where N new posts (or a budget) should go. Format (every key is
// checked; unknown keys are errors with a did-you-mean hint; all problems reported at once
// with file:line:col, exit 2, like a sweep design):
//
//   description = "100 posts between the SPIP of France"
//   scenario = "../baseline-france.toml"  # relative to this file
//   posts = 100                # the posts to place; or budget_eur with post_cost_eur
//   # budget_eur = 6.0e6       #   posts = floor(budget_eur / post_cost_eur)
//   # post_cost_eur = 60000    #   EUR per post per year, fully loaded
//   step = 5                   # posts placed per greedy round (k)
//   sites = ["21", "39"]       # candidate sites (default: every simulated site)
//   replicates = 8             # optional: default the scenario's run.replicates
//   seed = 7                   # optional: default the scenario's run.seed
//   objective = "reconvictions_avoided"   # or "reintegrated_12m", "cost"
//   min_per_site = 0           # every candidate gets at least this many posts
//   max_per_site = 50          # and at most this many
//   workload_cap = 60          # optional: posts are first placed until no site's community
//                              # caseload per community officer exceeds this (cases)
//   method = "one_at_a_time"   # or "simultaneous": each round measures P + step posts at
//                              # every candidate in ONE plan, each site's gain on its own
//                              # people (a first-order approximation, docs/allocation.md)
//   screen = 5                 # simultaneous only, optional: the top 5 sites of each round
//                              # are then measured one at a time (exact) and the best taken
//   [set]                      # optional: parameters fixed for every evaluation
//   run.years = 4
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/params/parameter_table.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::experiment {

enum class AllocationObjective { ReconvictionsAvoided, Reintegrated12m, Cost };

// How a greedy round measures the candidates: one evaluation per candidate (exact), or
// one evaluation with `step` more posts at every candidate, each site's gain read on its
// own people (first order: sites interact only through transfers).
enum class AllocationMethod { OneAtATime, Simultaneous };

// "reconvictions_avoided", "reintegrated_12m", "cost": the file's and the output's spelling.
std::string_view objective_name(AllocationObjective objective);
// "one_at_a_time", "simultaneous".
std::string_view method_name(AllocationMethod method);

struct AllocationFile {
  std::filesystem::path path;  // absolute
  std::string name;            // file stem
  std::string description;
  std::string text;  // the file as read, for the manifest and the fingerprint
  std::filesystem::path scenario;
  std::uint32_t posts = 0;  // from posts, or budget_eur / post_cost_eur
  std::optional<double> budget_eur, post_cost_eur;
  std::uint32_t step = 1;
  std::vector<std::string> sites;  // empty: every simulated site
  std::optional<std::uint32_t> replicates;
  std::optional<std::uint64_t> seed;
  AllocationObjective objective = AllocationObjective::ReconvictionsAvoided;
  std::uint32_t min_per_site = 0;
  std::optional<std::uint32_t> max_per_site;
  std::optional<double> workload_cap;
  AllocationMethod method = AllocationMethod::OneAtATime;
  std::uint32_t screen = 0;  // simultaneous: candidates re-measured one at a time (0: none)
  std::vector<std::pair<params::ParamId, params::Value>> fixed;  // [set]
};

// Reads and checks an allocation file. Throws params::ScenarioError with one diagnostic
// (file, line, column, key, rule, hint) per problem.
AllocationFile load_allocation_file(const std::filesystem::path& file);

}  // namespace spipsim::experiment
