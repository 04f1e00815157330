#pragma once
// `--shard i/n` of `sweep`, `run`, `compare` and `allocate` (and the slice's default file
// name): one option, one error message and one split (experiment/run/shard.hpp) for every
// command.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sim/experiment/run/shard.hpp"

namespace spipsim::app {

// Adds --shard; `what` names what is split ("tasks", "replicates"), `joined` says how the
// slices' work becomes one results file.
void add_shard_option(CLI::App& command, std::string& shard, const std::string& what,
                      const std::string& joined = "join the n slice files with `spipsim merge`");

// Parses --shard as typed (empty: no shard). On a bad value prints why and returns false.
bool parse_shard_option(const std::string& text, std::optional<experiment::Shard>& shard);

// A slice of `run` or `compare` must own at least one replicate: more slices than
// replicates is a mistake in the job array, refused with the largest n that works.
bool shard_fits(const experiment::Shard& shard, std::int64_t replicates);

// out/<stem>.h5, or out/<stem>.shard-<i>-of-<n>.h5 for a slice.
std::filesystem::path default_results_path(const std::string& stem,
                                           const std::optional<experiment::Shard>& shard);

// "shard 2 of 3 (replicates 1 and 4 of 6) written to ...; join ..." on stderr.
void report_shard_written(const std::filesystem::path& out, const experiment::Shard& shard,
                          std::uint32_t replicates);

}  // namespace spipsim::app
