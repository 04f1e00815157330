// The journal of `spipsim calibrate` (study/calibration.cpp: one text record per evaluation,
// "eval<TAB>key<TAB>objective<TAB>distance<TAB>penalty<TAB>targets") as it is found on a
// restart: torn, bit-flipped, foreign, or with records the fuzzer wrote. The harness loads a
// small calibration once (small-site, one free parameter, two targets, budget 8) and learns
// the header of its journal from a calibration with budget 0; each input then becomes the
// journal (fuzz::journal_from_input) and the calibration resumes from it with a
// cancellation that stops it at the first evaluation it would have to simulate, so only
// what the journal holds is replayed. A JournalMismatch, runtime_error or Interrupted is an
// ending; any other exception, a crash or UB is a finding, and so is a replay that counts
// more evaluations than the budget or simulates anything.
#include <fstream>
#include <iterator>

#include "fuzz_support.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/study/calibration.hpp"
#include "sim/experiment/study/study_file.hpp"

namespace {

using namespace spipsim;

// Also the calibration of tests/fuzz/make-seeds, whose journals are the seeds: keep the two
// the same (the journal's fingerprint covers the scenario, seed, parameters and targets).
constexpr const char* kCalibration =
    "description = \"fuzz\"\nscenario = \"../scenarios/small-site.toml\"\n"
    "targets = \"../data/targets.toml\"\noutput = \"fitted.toml\"\n"
    "output_description = \"fuzz\"\nreplicates = 1\nseed = 7\nbudget = 8\n"
    "[reduced]\nrun.years = 0.25\nrun.warmup_years = 0.0\n"
    "[[parameter]]\nname = \"recidivism.baseline_scale\"\nlower = 0.5\nupper = 2.5\n"
    "prior_mean = 1.3\nprior_sd = 0.3\nprior_source = \"fuzz\"\n"
    "[[target]]\nmetric = \"release_reconviction_6m\"\n"
    "[[target]]\nmetric = \"caseload_per_officer\"\ntolerance = 10\n";

struct Setup {
  experiment::StudyFile study;
  std::string header;  // the 40 bytes every journal of this calibration starts with
};

const Setup& setup() {
  static const Setup s = [] {
    Setup made;
    const auto file =
        fuzz::write_input(reinterpret_cast<const std::uint8_t*>(kCalibration),
                          std::char_traits<char>::length(kCalibration), "calibration.toml");
    made.study = experiment::load_study(file, experiment::StudyKind::Calibration);
    experiment::StudyFile empty = made.study;
    empty.budget = 0;
    experiment::CalibrationOptions options;
    options.journal = file.parent_path() / "header.journal";
    options.restart = true;
    experiment::calibrate(empty, options);
    std::ifstream in(options.journal, std::ios::binary);
    made.header.assign(std::istreambuf_iterator<char>(in), {});
    if (made.header.size() != 40) __builtin_trap();
    return made;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Setup& s = setup();
  const std::string bytes = fuzz::journal_from_input(s.header, data, size);
  experiment::CalibrationOptions options;
  options.journal = fuzz::write_input(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                      bytes.size(), "fuzzed-calibration.journal");
  options.cancelled = [] { return true; };  // never simulate: replay the journal only
  try {
    const experiment::CalibrationResult result = experiment::calibrate(s.study, options);
    if (result.simulated != 0 || result.evaluations > s.study.budget) __builtin_trap();
  } catch (const experiment::Interrupted&) {
  } catch (const std::runtime_error&) {  // JournalMismatch among them
  }
  return 0;
}
