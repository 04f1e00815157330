#pragma once
// One reader for every TOML file a user gives spipsim: scenarios (scenario_loader.cpp),
// sweep designs (experiment/sweep/sweep_design.cpp), calibration and validation files
// (experiment/study/study_file.cpp) and the targets file they name. It owns what the three
// used to repeat:
//   - reading: a regular file of bounded size, parsed by toml++;
//   - a bound on nesting (dotted keys, table headers, arrays, inline tables) checked on the
//     text before toml++ parses it, so that no walk over the document, ours or toml++'s,
//     recurses deeper than the bound whatever the file holds;
//   - problems attached to the node they concern (file:line:column, key, rule, hint),
//     collected so that the user fixes a file in one pass;
//   - unknown keys with a did-you-mean hint;
//   - typed getters with bounds and units, with one wording for every file kind:
//     "must be <what is accepted>, got <what was written>".
// A reader of one file kind is then a description of its keys.
#include "sim/params/toml.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/params/diagnostic.hpp"

namespace spipsim::params {

// Is a key required? A required key that is absent is reported as "missing".
enum class Need { Optional, Required };

class TomlDocument {
 public:
  // Deeper nesting than this (levels of tables, arrays and dotted keys, counted on the text)
  // is refused before parsing. The shipped files use at most 4.
  static constexpr int kMaxDepth = 64;
  // Larger files are refused before reading: the largest shipped file is a few KB.

  // Reads and parses `path`. `display` names the file in messages; `what` says what the
  // file is ("scenario file", "design file"), for messages about the file as a whole.
  // Nothing throws: when the file cannot be read or parsed, ok() is false and problems()
  // says why.
  TomlDocument(const std::filesystem::path& path, std::string display, std::string_view what);
  // A document from text already in memory (the same checks, no file).
  static TomlDocument from_text(std::string text, std::string display);

  bool ok() const { return parsed_; }
  const toml::table& root() const { return root_; }
  const std::string& text() const { return text_; }
  const std::string& display() const { return display_; }
  const std::vector<Diagnostic>& problems() const { return problems_; }
  std::vector<Diagnostic> take_problems() { return std::move(problems_); }

  // A problem at a node (or, with nullptr, at the file as a whole).
  void add(const toml::node* at, std::string key, std::string rule, std::string hint = {});
  void add(const toml::source_region& at, std::string key, std::string rule, std::string hint = {});

  // Every key of `table` not in `allowed` is an "unknown key", with did-you-mean. `prefix`
  // is put before the key in messages ("parameter.").
  void check_keys(const toml::table& table, const std::vector<std::string_view>& allowed,
                  std::string_view prefix = {});

  // Typed getters. An absent key gives nullopt (and "missing" when required, with `hint`);
  // a key of the wrong type or out of bounds is reported and gives nullopt.
  std::optional<std::string> string(const toml::table& table, std::string_view key, Need need,
                                    std::string_view prefix = {}, std::string_view hint = {});
  // An integer in [lo, hi].
  std::optional<std::int64_t> integer(const toml::table& table, std::string_view key,
                                      std::int64_t lo, std::int64_t hi, Need need,
                                      std::string_view prefix = {}, std::string_view hint = {});
  // A finite number (integer or floating point) in [lo, hi]; `unit` follows the bounds in
  // the message when not empty.
  std::optional<double> number(const toml::table& table, std::string_view key, double lo, double hi,
                               std::string_view unit, Need need, std::string_view prefix = {},
                               std::string_view hint = {});
  const toml::table* table(const toml::table& parent, std::string_view key, Need need,
                           std::string_view prefix = {}, std::string_view hint = {});
  const toml::array* array(const toml::table& parent, std::string_view key, Need need,
                           std::string_view prefix = {}, std::string_view hint = {});

  // "must be a string, got an integer": the one wording of a value of the wrong type.
  static std::string type_rule(std::string_view accepted, const toml::node& written);

 private:
  TomlDocument(std::string display) : display_(std::move(display)) {}
  void parse();
  const toml::node* lookup(const toml::table& table, std::string_view key, Need need,
                           std::string_view prefix, std::string_view hint);
  // A child of type T (a table, an array), or nullptr (absent, or reported as not `accepted`).
  template <class T>
  const T* child(const toml::table& parent, std::string_view key, Need need,
                 std::string_view prefix, std::string_view hint, std::string_view accepted);

  std::string display_;
  std::string text_;
  toml::table root_;
  bool parsed_ = false;
  std::vector<Diagnostic> problems_;
};

// Where a text nests deeper than `max_depth` (tables, arrays, dotted keys), scanning it as
// TOML (strings and comments skipped); nullopt when it does not. Dots in floats count too,
// which only makes the bound more cautious.
struct TextPosition {
  int line = 0, column = 0;
};
std::optional<TextPosition> nesting_beyond(std::string_view text, int max_depth);

}  // namespace spipsim::params
