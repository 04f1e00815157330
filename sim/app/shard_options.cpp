#include "sim/app/shard_options.hpp"

#include <iostream>

namespace spipsim::app {

void add_shard_option(CLI::App& command, std::string& shard, const std::string& what,
                      const std::string& joined) {
  command.add_option("--shard", shard,
                     "Run only slice i of n of the " + what + " (1 <= i <= n; slice i owns " +
                         what + " k with k % n = i - 1), e.g. --shard $SLURM_ARRAY_TASK_ID/8; " +
                         joined);
}

bool parse_shard_option(const std::string& text, std::optional<experiment::Shard>& shard) {
  shard.reset();
  if (text.empty()) return true;
  shard = experiment::parse_shard(text);
  if (!shard)
    std::cerr << "spipsim: --shard '" << text
              << "': expected i/n with 1 <= i <= n, e.g. --shard 3/8\n";
  return shard.has_value();
}

bool shard_fits(const experiment::Shard& shard, std::int64_t replicates) {
  if (replicates > 0 && shard.count <= static_cast<std::uint64_t>(replicates)) return true;
  std::cerr << "spipsim: --shard " << shard.index + 1 << "/" << shard.count << ": there are only "
            << replicates << " replicates, so some slices would run nothing; use at most "
            << replicates << " slices\n";
  return false;
}

std::filesystem::path default_results_path(const std::string& stem,
                                           const std::optional<experiment::Shard>& shard) {
  return std::filesystem::path("out") /
         (stem + (shard ? experiment::shard_suffix(*shard) : std::string()) + ".h5");
}

void report_shard_written(const std::filesystem::path& out, const experiment::Shard& shard,
                          std::uint32_t replicates) {
  std::cerr << "shard " << shard.index + 1 << " of " << shard.count << " ("
            << shard.owned_of(replicates) << " of " << replicates << " replicates) written to "
            << out.string() << "; join the " << shard.count << " shards with `spipsim merge`\n";
}

}  // namespace spipsim::app
