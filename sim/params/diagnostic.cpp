#include "sim/params/diagnostic.hpp"

namespace spipsim::params {
namespace {

std::string join_formatted(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.format();
  }
  return text;
}

}  // namespace

std::string Diagnostic::format() const {
  std::string text = file;
  if (line > 0) text += ':' + std::to_string(line) + ':' + std::to_string(column);
  text += ": ";
  if (!key.empty()) text += "key '" + key + "': ";
  text += rule;
  if (!hint.empty()) text += " (hint: " + hint + ")";
  return text;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diags)
    : std::runtime_error(join_formatted(diags)), diagnostics(std::move(diags)) {}

}  // namespace spipsim::params
