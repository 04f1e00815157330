// Scenario files (params::load_scenario): TOML, the `extends` chain (the shipped scenarios
// are reachable by name), [[change]] timelines, every value check. Anything but a
// ScenarioError is a finding.
#include "fuzz_support.hpp"
#include "sim/params/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = spipsim::fuzz::write_input(data, size, "fuzzed.toml");
  try {
    spipsim::params::load_scenario(path);
  } catch (const spipsim::params::ScenarioError&) {
  }
  return 0;
}
