// The one compiled copy of toml++'s parser, with its assertions turned into parse errors
// (see toml.hpp for why).
#define TOML_IMPLEMENTATION
#include "sim/params/toml.hpp"

namespace spipsim::params {

void toml_assertion_failed(const char* condition) {
  throw toml::parse_error(
      ("the parser's own check '" + std::string(condition) + "' failed on this input (not "
       "valid TOML)").c_str(),
      toml::source_position{});
}

}  // namespace spipsim::params
