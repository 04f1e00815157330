// Calibration and validation study files (experiment::load_study): TOML, the scenario and
// targets they name, [reduced], [[parameter]] priors, [[target]], [[effect]]. The first
// byte chooses the kind. Anything but a ScenarioError is a finding.
#include "fuzz_support.hpp"
#include "sim/experiment/study/study_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using spipsim::experiment::StudyKind;
  const StudyKind kind = data[0] % 2 == 0 ? StudyKind::Calibration : StudyKind::Validation;
  const auto path = spipsim::fuzz::write_input(data + 1, size - 1, "fuzzed-study.toml");
  try {
    spipsim::experiment::load_study(path, kind);
  } catch (const spipsim::params::ScenarioError&) {
  }
  return 0;
}
