#pragma once
// A problem found in a scenario, and the error that carries all of them. Loading collects
// every problem before throwing, so the user fixes a file in one pass instead of one error
// per run.
#include <stdexcept>
#include <string>
#include <vector>

namespace spipsim::params {

struct Diagnostic {
  std::string file;  // the scenario file, or "<command line>"
  int line = 0;      // 1-based; 0 when the problem is not at a place in the file
  int column = 0;
  std::string key;   // dotted parameter path or top-level key; may be empty
  std::string rule;  // what is wrong
  std::string hint;  // what to do about it; may be empty

  // "file:line:col: key 'staffing.oficer_scale': unknown parameter (hint: did you mean
  // 'staffing.officer_scale'?)"; the position, key and hint parts are left out when empty.
  std::string format() const;
};

class ScenarioError : public std::runtime_error {
 public:
  // `diagnostics` must not be empty. what() is every diagnostic formatted, one per line.
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  std::vector<Diagnostic> diagnostics;
};

}  // namespace spipsim::params
