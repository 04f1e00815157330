#include "sim/app/calibrate_command.hpp"

#include <cstdio>
#include <iostream>

#include "sim/app/command_common.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/study/calibration.hpp"
#include "sim/model/simulation.hpp"

namespace spipsim::app {

CLI::App* add_calibrate_command(CLI::App& app, CalibrateOptions& options) {
  CLI::App* command = app.add_subcommand(
      "calibrate", "Fit free parameters to published targets; write the fitted scenario");
  command->add_option("file", options.file, "Calibration file (TOML; see docs/calibration.md)")
      ->required();
  command->add_option("--journal", options.journal,
                      "Journal of evaluations, replayed on restart (default: <output>.journal)");
  command->add_flag("--restart", options.restart, "Ignore an existing journal and start afresh");
  add_threads_option(*command, options.threads);
  command->add_flag("--quiet,-q", options.quiet, "No progress lines");
  return command;
}

int calibrate_command(const CalibrateOptions& options, const std::string& command_line) {
  install_interrupt_handler();
  experiment::StudyFile study;
  const io::NamedInput study_input{options.file, "the study file"};
  if (!inputs_are_files({&study_input, 1})) return kExitBadInput;
  try {
    study = experiment::load_study(options.file, experiment::StudyKind::Calibration);
    model::check_scenario_data(study.scenario);
  } catch (const params::ScenarioError& error) {
    report_problems(error);
    return kExitBadInput;
  }
  // The fitted scenario and the journal, before the search, not after it: neither may be
  // anything but a regular file, nor one of the study's inputs, nor each other (a FIFO as
  // journal used to block the reader forever).
  {
    const std::filesystem::path journal =
        options.journal.empty() ? std::filesystem::path(study.output_path.string() + ".journal")
                                : std::filesystem::path(options.journal);
    std::vector<io::NamedInput> inputs = study_inputs(study);
    std::vector<io::NamedInput> with_journal = inputs;
    with_journal.push_back({journal, "the journal"});
    inputs.push_back({study.output_path, "the fitted scenario (output)"});
    if (!side_file_ok(study.output_path, "fitted scenario", with_journal) ||
        !side_file_ok(journal, "journal", inputs))
      return kExitBadInput;
  }
  experiment::CalibrationOptions calibration;
  calibration.threads = total_threads(options.threads);
  calibration.journal = options.journal;
  calibration.restart = options.restart;
  calibration.cancelled = interrupt_requested;
  if (!options.quiet)
    calibration.progress = [&](int k, const experiment::CalibrationEvaluation& e, double best) {
      std::string theta;
      for (std::size_t i = 0; i < e.theta.size(); ++i) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%s=%.4g", i ? " " : "", study.parameters[i].name.c_str(),
                      e.theta[i]);
        theta += buf;
      }
      std::fprintf(stderr, "calibrate: evaluation %d/%d  objective %.4g (best %.4g)%s  %s\n", k,
                   study.budget, e.objective, best, e.from_journal ? "  [journal]" : "",
                   theta.c_str());
    };
  return run_guarded([&] {
    experiment::CalibrationResult result;
    try {
      result = experiment::calibrate(study, calibration);
    } catch (const experiment::JournalMismatch& error) {
      std::cerr << "spipsim: " << error.what() << "\n";
      return kExitBadInput;
    } catch (const experiment::Interrupted&) {
      std::cerr << "spipsim: interrupted; the journal keeps every finished evaluation: run the "
                   "same command again to resume\n";
      return kExitInterrupted;
    }
    experiment::write_fitted_scenario(study, result, command_line);
    std::cout << "Calibration " << study.path.filename().string() << ": " << result.evaluations
              << " evaluations (" << result.simulated << " simulated, the rest from the journal)"
              << (result.converged ? ", converged" : ", budget spent") << "\n";
    std::cout << "Fitted parameters:\n";
    for (std::size_t i = 0; i < study.parameters.size(); ++i)
      std::printf("  %-40s %10.5g   prior N(%g, %g^2) in [%g, %g]\n",
                  study.parameters[i].name.c_str(), result.best.theta[i],
                  study.parameters[i].prior_mean, study.parameters[i].prior_sd,
                  study.parameters[i].lower, study.parameters[i].upper);
    std::fflush(stdout);
    std::cout << "Targets at the fit (" << study.replicates
              << " replicates, reduced configuration):\n"
              << experiment::targets_table(result.best.results);
    std::cout << "Objective " << result.best.objective << " = distance " << result.best.distance
              << " + prior penalty " << result.best.penalty << std::endl;
    if (!options.quiet)
      std::cerr << "fitted scenario written to " << study.output_path.string() << "\n";
    return kExitSuccess;
  });
}

}  // namespace spipsim::app
