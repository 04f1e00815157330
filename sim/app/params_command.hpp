#pragma once
// `spipsim params [--markdown]`: the parameter table as text, or as the Markdown of
// docs/parameters.md.
#include <CLI/CLI.hpp>

namespace spipsim::app {

// Adds the subcommand to `app`; when it is chosen, the callback prints the table.
void add_params_command(CLI::App& app);

}  // namespace spipsim::app
