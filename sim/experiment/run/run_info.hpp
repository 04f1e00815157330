#pragma once
// What was run, as the console and the results manifest report it. Taken from the
// scenario after command-line overrides, so it always matches what the model saw.
#include <chrono>
#include <cstdint>
#include <string>

namespace spipsim::params {
struct Scenario;
}

namespace spipsim::experiment {

struct RunInfo {
  std::string scenario;  // the scenario's name (file stem)
  std::string description;
  std::string resolved_toml;  // the full scenario, loadable on its own
  std::string command_line;   // as typed, for the manifest; may be empty
  std::uint32_t replicates = 0;
  std::uint64_t seed = 0;
  double years = 0;
  int threads = 1;
  std::chrono::year_month_day start_date{std::chrono::year{2025}, std::chrono::month{1},
                                         std::chrono::day{1}};
};

// Reads run.replicates, run.seed, run.years and run.start_date from the scenario's values.
RunInfo run_info(const params::Scenario& scenario, std::string command_line, int threads);

}  // namespace spipsim::experiment
