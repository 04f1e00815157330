// Sweep designs (experiment::load_sweep_design): TOML, [set], [[parameter]] levels and
// ranges, the scenario it names. Anything but a ScenarioError is a finding.
#include "fuzz_support.hpp"
#include "sim/experiment/sweep/sweep_design.hpp"
#include "sim/params/diagnostic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = spipsim::fuzz::write_input(data, size, "fuzzed-design.toml");
  try {
    spipsim::experiment::load_sweep_design(path);
  } catch (const spipsim::params::ScenarioError&) {
  }
  return 0;
}
