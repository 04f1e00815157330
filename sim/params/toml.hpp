#pragma once
// toml++ as spipsim uses it: include this header, never <toml++/toml.h> first.
//
// Debian 12 ships toml++ 3.3, whose parser asserts on some malformed input instead of
// reporting it: `[=1` followed by a newline trips `is_bare_key_character(*cp) ||
// is_string_delimiter(*cp)` in parse_key (abort in a debug build; in a release build the
// assertion becomes an optimiser assumption under clang: undefined behaviour). No newer
// toml++ is packaged for Debian 12, so spipsim compiles toml++'s parser itself
// (params/toml_library.cpp, TOML_HEADER_ONLY=0, Debian's libtomlplusplus.so not linked),
// with every assertion, in every build type, turned into a toml::parse_error that the
// readers report as malformed TOML like any other syntax error.
#include <toml++/impl/preprocessor.h>  // defines TOML_ASSERT once (include guarded)

namespace spipsim::params {
// Throws toml::parse_error("malformed TOML (the parser's check '<condition>' failed)").
[[noreturn]] void toml_assertion_failed(const char* condition);
}  // namespace spipsim::params

#undef TOML_ASSERT
#undef TOML_ASSERT_ASSUME
#define TOML_ASSERT(expr) \
  ((expr) ? static_cast<void>(0) : ::spipsim::params::toml_assertion_failed(#expr))
#define TOML_ASSERT_ASSUME(expr) TOML_ASSERT(expr)

#include <toml++/toml.h>
