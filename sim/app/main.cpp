// spipsim: the command line. Thin by design: each subcommand parses its options here and
// hands over to the experiment layer (run, compare, sweep, merge, calibrate, validate), the io
// layer (check), the parameter table (params) or the Python analysis package (report).
#include <CLI/CLI.hpp>

#include <csignal>
#include <string>

#include "sim/app/calibrate_command.hpp"
#include "sim/app/check_command.hpp"
#include "sim/app/compare_command.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/merge_command.hpp"
#include "sim/app/params_command.hpp"
#include "sim/app/report_command.hpp"
#include "sim/app/run_command.hpp"
#include "sim/app/sweep_command.hpp"
#include "sim/app/validate_command.hpp"
#include "sim/experiment/run/mpi_work_queue.hpp"
#include "sim/io/run_manifest.hpp"

int main(int argc, char** argv) {
  using namespace spipsim;
  // MPI starts only under mpirun/srun; it must see argv before anyone else does.
  experiment::MpiSession mpi(argc, argv);
  CLI::App cli{"spipsim: agent-based simulation of the French probation service (SPIP)", "spipsim"};
  cli.set_version_flag("--version", "spipsim " + std::string(io::spipsim_version()) + " (git " +
                                        std::string(io::git_revision()) + ")");
  cli.require_subcommand(1);

  app::RunOptions run_options;
  CLI::App* run = app::add_run_command(cli, run_options);
  app::CompareOptions compare_options;
  CLI::App* compare = app::add_compare_command(cli, compare_options);
  app::CalibrateOptions calibrate_options;
  CLI::App* calibrate = app::add_calibrate_command(cli, calibrate_options);
  app::ValidateOptions validate_options;
  CLI::App* validate = app::add_validate_command(cli, validate_options);
  app::CheckOptions check_options;
  CLI::App* check = app::add_check_command(cli, check_options);
  app::SweepOptions sweep_options;
  CLI::App* sweep = app::add_sweep_command(cli, sweep_options);
  app::MergeOptions merge_options;
  CLI::App* merge = app::add_merge_command(cli, merge_options);
  app::add_params_command(cli);
  app::ReportOptions report_options;
  CLI::App* report = app::add_report_command(cli, report_options);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version arrive as "errors" with exit code 0; real parse errors are bad
    // input like a bad scenario, so they share its exit status.
    return cli.exit(error) == 0 ? app::kExitSuccess : app::kExitBadInput;
  }
  // Past a file-size limit (`ulimit -f`) a write then fails with EFBIG, which the io layer
  // reports and cleans up after like a full disk, instead of SIGXFSZ killing the process
  // and leaving a ".tmp" behind. Only for the commands that write: an ignored signal stays
  // ignored in the programs they start, and report's Python should keep the default.
  if (run->parsed() || compare->parsed() || sweep->parsed() || merge->parsed())
    std::signal(SIGXFSZ, SIG_IGN);
  if (run->parsed()) return app::run_command(run_options, io::quote_command_line(argc, argv));
  if (compare->parsed())
    return app::compare_command(compare_options, io::quote_command_line(argc, argv));
  if (calibrate->parsed())
    return app::calibrate_command(calibrate_options, io::quote_command_line(argc, argv));
  if (validate->parsed())
    return app::validate_command(validate_options, io::quote_command_line(argc, argv));
  if (sweep->parsed()) return app::sweep_command(sweep_options, io::quote_command_line(argc, argv));
  if (merge->parsed()) return app::merge_command(merge_options, io::quote_command_line(argc, argv));
  if (report->parsed()) return app::report_command(report_options);
  if (check->parsed()) return app::check_command(check_options);
  return app::kExitSuccess;
}
