#include "sim/experiment/run/run_info.hpp"

#include "sim/params/scenario.hpp"

namespace spipsim::experiment {

RunInfo run_info(const params::Scenario& scenario, std::string command_line, int threads) {
  using params::ParamId;
  const params::Parameters& values = scenario.values;
  RunInfo info;
  info.scenario = scenario.name;
  info.description = scenario.description;
  info.resolved_toml = scenario.resolved_toml();
  info.command_line = std::move(command_line);
  info.replicates = static_cast<std::uint32_t>(values.integer(ParamId::run_replicates));
  info.seed = static_cast<std::uint64_t>(values.integer(ParamId::run_seed));
  info.years = values.real(ParamId::run_years);
  info.threads = threads;
  info.start_date = values.date(ParamId::run_start_date);
  return info;
}

}  // namespace spipsim::experiment
