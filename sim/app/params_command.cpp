#include "sim/app/params_command.hpp"

#include <iostream>
#include <memory>

#include "sim/params/parameter_docs.hpp"

namespace spipsim::app {

void add_params_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand("params", "List every model parameter");
  auto markdown = std::make_shared<bool>(false);
  command->add_flag("--markdown", *markdown, "Print Markdown (the text of docs/parameters.md)");
  command->callback([markdown] {
    std::cout << (*markdown ? params::parameters_markdown() : params::parameters_text());
    std::cout.flush();
  });
}

}  // namespace spipsim::app
