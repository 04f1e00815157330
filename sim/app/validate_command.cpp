#include "sim/app/validate_command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sim/app/command_common.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/experiment/study/calibration.hpp"
#include "sim/experiment/study/validation.hpp"
#include "sim/model/simulation.hpp"

namespace spipsim::app {

CLI::App* add_validate_command(CLI::App& app, ValidateOptions& options) {
  CLI::App* command = app.add_subcommand(
      "validate", "Baseline against published targets, policy effects against the literature");
  command->add_option("file", options.file, "Validation file (TOML; see docs/validation.md)")
      ->required();
  command->add_option("--out,-o", options.out, "Write the report as Markdown to this file");
  command->add_flag("--targets-only", options.targets_only, "Skip the effect runs");
  add_threads_option(*command, options.threads);
  command->add_flag("--quiet,-q", options.quiet, "No progress lines");
  return command;
}

int validate_command(const ValidateOptions& options, const std::string& command_line) {
  install_interrupt_handler();
  experiment::StudyFile study;
  const io::NamedInput study_input{options.file, "the study file"};
  if (!inputs_are_files({&study_input, 1})) return kExitBadInput;
  try {
    study = experiment::load_study(options.file, experiment::StudyKind::Validation);
    model::check_scenario_data(study.scenario);
    model::check_scenario_data(study.effect_scenario);
  } catch (const params::ScenarioError& error) {
    report_problems(error);
    return kExitBadInput;
  }
  // Before the runs, not after an hour of them.
  if (!options.out.empty() &&
      (!side_file_ok(options.out, "report", study_inputs(study)) ||
       !side_file_ok(options.out + ".tmp", "temporary file", study_inputs(study))))
    return kExitBadInput;
  experiment::ValidationOptions validation;
  validation.threads = total_threads(options.threads);
  validation.effects = !options.targets_only;
  validation.cancelled = interrupt_requested;
  if (!options.quiet)
    validation.progress = [](const std::string& what) {
      std::cerr << "validate: running " << what << std::endl;
    };
  return run_guarded([&] {
    experiment::ValidationReport report = experiment::validate(study, validation);
    std::cout << "Targets (" << report.target_replicates << " replicates):\n"
              << experiment::targets_table(report.targets);
    std::ostringstream markdown;
    experiment::write_validation_markdown(markdown, study, report, command_line);
    if (!report.effects.empty()) {
      std::string text = markdown.str();
      std::cout << "\n" << text.substr(text.find("## Effects"));
    }
    if (!options.out.empty()) {
      std::filesystem::path tmp = options.out + ".tmp";
      {
        std::ofstream file(tmp, std::ios::trunc);
        file << markdown.str();
        if (!file) throw std::runtime_error("cannot write " + tmp.string());
      }
      std::filesystem::rename(tmp, options.out);
      if (!options.quiet) std::cerr << "report written to " << options.out << "\n";
    }
    int outside = int(report.targets.size()) - report.targets_inside();
    int unexpected = report.unexpected_failures();
    if (outside > unexpected)
      std::cerr << "spipsim: " << outside - unexpected
                << " target(s) outside their tolerance, each a known conflict of the "
                   "calibration (see the report)\n";
    if (unexpected > 0) {
      std::cerr << "spipsim: " << unexpected
                << " target(s) outside their tolerance and not declared a known conflict\n";
      return kExitFailure;
    }
    return kExitSuccess;
  });
}

}  // namespace spipsim::app
