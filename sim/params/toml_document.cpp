#include "sim/params/toml_document.hpp"

#include "sim/engine/input_file.hpp"

#include <cmath>
#include <fstream>
#include <iterator>

#include "sim/params/did_you_mean.hpp"
#include "sim/params/toml_value_check.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::params {
namespace {

namespace fs = std::filesystem;

std::string with_prefix(std::string_view prefix, std::string_view key) {
  return std::string(prefix) + std::string(key);
}

// The scanner of nesting_beyond: TOML syntax just far enough to know, at each character,
// whether it is in a string or a comment, in a key or a value, and how deep it is.
class NestingScanner {
 public:
  NestingScanner(std::string_view text, int max_depth) : text_(text), max_(max_depth) {}

  std::optional<TextPosition> run() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        end_line();
        advance();
        continue;
      }
      if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') advance();
        continue;
      }
      if (c == '"' || c == '\'') {
        skip_string(c);
        continue;
      }
      if (c == '[' && line_start_ && open_.empty()) {
        header_ = true;
        key_ = true;
        header_dots_ = 0;
      } else if (c == '[' || c == '{') {
        if (!header_) {
          open_.push_back(c);
          dots_.push_back(0);
          key_ = c == '{';
        }
      } else if (c == ']' || c == '}') {
        if (!header_ && !open_.empty()) {
          sum_ -= dots_.back();
          open_.pop_back();
          dots_.pop_back();
          key_ = false;
        }
      } else if (c == ',') {
        key_ = !open_.empty() && open_.back() == '{';
        if (key_) {  // the next key of an inline table starts again at its table's depth
          sum_ -= dots_.back();
          dots_.back() = 0;
        }
      } else if (c == '=') {
        key_ = false;
      } else if (c == '.' && key_) {
        if (header_) {
          ++header_dots_;
        } else {
          ++dots_.back();
          ++sum_;
        }
      }
      if (c != ' ' && c != '\t' && c != '\r') line_start_ = false;
      if (depth() > max_) return TextPosition{line_, column_ + 1};
      advance();
    }
    return std::nullopt;
  }

 private:
  int depth() const {
    return (header_ ? header_dots_ : table_dots_) + sum_ + static_cast<int>(open_.size());
  }

  void advance() {
    if (text_[i_] == '\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
    ++i_;
  }

  void end_line() {
    if (header_) table_dots_ = header_dots_;
    header_ = false;
    line_start_ = true;
    if (open_.empty()) {  // a multi-line array keeps the key it belongs to
      sum_ = 0;
      dots_.assign(1, 0);
      key_ = true;
    }
  }

  // From an opening quote to past the closing one (basic strings have escapes; multi-line
  // strings may end with up to two more quotes, which belong to the content).
  void skip_string(char quote) {
    const bool multi = text_.substr(i_, 3) == std::string(3, quote);
    for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\\' && quote == '"') {
        advance();
        if (i_ < text_.size()) advance();
        continue;
      }
      if (c == '\n' && !multi) return;  // unterminated: toml++ reports it
      if (c == quote && (!multi || text_.substr(i_, 3) == std::string(3, quote))) {
        for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
        for (int extra = 0; multi && extra < 2 && i_ < text_.size() && text_[i_] == quote; ++extra)
          advance();
        return;
      }
      advance();
    }
  }

  std::string_view text_;
  int max_;
  std::size_t i_ = 0;
  int line_ = 1, column_ = 0;
  bool line_start_ = true, header_ = false, key_ = true;
  int header_dots_ = 0, table_dots_ = 0;  // the header being read; the table it opened
  std::vector<char> open_;                // '[' and '{' not yet closed
  std::vector<int> dots_ = {0};           // key dots per level (level 0: outside brackets)
  int sum_ = 0;                           // the sum of dots_
};

}  // namespace

std::optional<TextPosition> nesting_beyond(std::string_view text, int max_depth) {
  return NestingScanner(text, max_depth).run();
}

TomlDocument::TomlDocument(const fs::path& path, std::string display, std::string_view what)
    : display_(std::move(display)) {
  // A regular file of bounded size, read without blocking (engine/input_file.hpp): a FIFO,
  // a device or a directory is named for what it is.
  std::string problem;
  if (!engine::read_input_file(path, text_, problem)) {
    add(nullptr, "", std::string(what) + " " + problem,
        problem == "does not exist" ? "check the path" : "name a TOML file");
    return;
  }
  parse();
}

TomlDocument TomlDocument::from_text(std::string text, std::string display) {
  TomlDocument document(std::move(display));
  document.text_ = std::move(text);
  document.parse();
  return document;
}

void TomlDocument::parse() {
  if (std::optional<TextPosition> deep = nesting_beyond(text_, kMaxDepth)) {
    problems_.push_back(Diagnostic{
        display_, deep->line, deep->column, "",
        "tables, arrays or dotted keys nested more than " + std::to_string(kMaxDepth) + " deep",
        "spipsim's files need a few levels at most"});
    return;
  }
  try {
    root_ = toml::parse(std::string_view(text_), std::string_view(display_));
    parsed_ = true;
  } catch (const toml::parse_error& e) {
    add(e.source(), "", "malformed TOML: " + std::string(e.description()),
        "see https://toml.io for the syntax");
  }
}

void TomlDocument::add(const toml::node* at, std::string key, std::string rule, std::string hint) {
  if (at) return add(at->source(), std::move(key), std::move(rule), std::move(hint));
  problems_.push_back(Diagnostic{display_, 0, 0, std::move(key), std::move(rule), std::move(hint)});
}

void TomlDocument::add(const toml::source_region& at, std::string key, std::string rule,
                       std::string hint) {
  problems_.push_back(Diagnostic{display_, static_cast<int>(at.begin.line),
                                 static_cast<int>(at.begin.column), std::move(key), std::move(rule),
                                 std::move(hint)});
}

void TomlDocument::check_keys(const toml::table& table,
                              const std::vector<std::string_view>& allowed,
                              std::string_view prefix) {
  for (auto&& [key, node] : table) {
    bool known = false;
    for (std::string_view name : allowed) known = known || name == key.str();
    if (!known)
      add(key.source(), with_prefix(prefix, key.str()), "unknown key",
          did_you_mean(key.str(), allowed));
  }
}

std::string TomlDocument::type_rule(std::string_view accepted, const toml::node& written) {
  return "must be " + std::string(accepted) + ", got " + toml_type_phrase(written.type());
}

const toml::node* TomlDocument::lookup(const toml::table& table, std::string_view key, Need need,
                                       std::string_view prefix, std::string_view hint) {
  const toml::node* node = table.get(key);
  if (!node && need == Need::Required)
    add(nullptr, with_prefix(prefix, key), "missing", std::string(hint));
  return node;
}

std::optional<std::string> TomlDocument::string(const toml::table& table, std::string_view key,
                                                Need need, std::string_view prefix,
                                                std::string_view hint) {
  const toml::node* node = lookup(table, key, need, prefix, hint);
  if (!node) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  add(node, with_prefix(prefix, key), type_rule("a string", *node), "put it in double quotes");
  return std::nullopt;
}

std::optional<std::int64_t> TomlDocument::integer(const toml::table& table, std::string_view key,
                                                  std::int64_t lo, std::int64_t hi, Need need,
                                                  std::string_view prefix, std::string_view hint) {
  const toml::node* node = lookup(table, key, need, prefix, hint);
  if (!node) return std::nullopt;
  const auto* i = node->as_integer();
  if (!i) {
    add(node, with_prefix(prefix, key), type_rule("an integer", *node), std::string(hint));
    return std::nullopt;
  }
  if (i->get() < lo || i->get() > hi) {
    add(node, with_prefix(prefix, key),
        "value " + std::to_string(i->get()) + " must be between " + std::to_string(lo) + " and " +
            std::to_string(hi),
        std::string(hint));
    return std::nullopt;
  }
  return i->get();
}

std::optional<double> TomlDocument::number(const toml::table& table, std::string_view key,
                                           double lo, double hi, std::string_view unit, Need need,
                                           std::string_view prefix, std::string_view hint) {
  const toml::node* node = lookup(table, key, need, prefix, hint);
  if (!node) return std::nullopt;
  std::optional<double> v;
  if (const auto* i = node->as_integer()) v = static_cast<double>(i->get());
  if (const auto* f = node->as_floating_point()) v = f->get();
  if (!v) {
    add(node, with_prefix(prefix, key), type_rule("a number", *node), std::string(hint));
    return std::nullopt;
  }
  // Written so that NaN fails too.
  if (!(*v >= lo && *v <= hi)) {
    // Appended piece by piece: GCC 12 warns wrongly (-Wrestrict) on "literal" + string&&.
    std::string rule = "value " + format_number(*v) + " must be ";
    if (std::isinf(lo) && std::isinf(hi)) {
      rule.append("finite");
    } else if (std::isinf(hi)) {
      rule.append("at least ").append(format_number(lo));
    } else if (std::isinf(lo)) {
      rule.append("at most ").append(format_number(hi));
    } else {
      rule.append("between ").append(format_number(lo)).append(" and ").append(format_number(hi));
    }
    if (!unit.empty()) rule.append(" ").append(unit);
    add(node, with_prefix(prefix, key), rule, std::string(hint));
    return std::nullopt;
  }
  return v;
}

template <class T>
const T* TomlDocument::child(const toml::table& parent, std::string_view key, Need need,
                             std::string_view prefix, std::string_view hint,
                             std::string_view accepted) {
  const toml::node* node = lookup(parent, key, need, prefix, hint);
  if (!node) return nullptr;
  if (const T* typed = node->as<T>()) return typed;
  add(node, with_prefix(prefix, key), type_rule(accepted, *node), std::string(hint));
  return nullptr;
}

const toml::table* TomlDocument::table(const toml::table& parent, std::string_view key, Need need,
                                       std::string_view prefix, std::string_view hint) {
  return child<toml::table>(parent, key, need, prefix, hint, "a table");
}

const toml::array* TomlDocument::array(const toml::table& parent, std::string_view key, Need need,
                                       std::string_view prefix, std::string_view hint) {
  return child<toml::array>(parent, key, need, prefix, hint, "an array");
}

}  // namespace spipsim::params
