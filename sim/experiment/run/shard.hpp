#pragma once
// One slice of a job split over independent processes (a Slurm job array): `--shard i/n` of
// `sweep`, `run` and `compare`. The split is fixed and documented (docs/cluster.md): slice i
// of n (0-based index i - 1) owns every task, or replicate, k with k % n == i - 1, so the n
// slices together own 0..K-1 exactly once, and each slice gets a fair share of early and
// late tasks. `spipsim merge` joins the slices' files.
#include <cstdint>
#include <optional>
#include <string>

namespace spipsim::experiment {

struct Shard {
  std::uint64_t index = 0;  // 0-based
  std::uint64_t count = 1;
  bool owns(std::uint64_t task) const { return task % count == index; }
  // How many of tasks 0..total-1 this slice owns.
  std::uint64_t owned_of(std::uint64_t total) const {
    return total / count + (index < total % count ? 1 : 0);
  }
};

// "i/n" with 1 <= i <= n (as typed: i = $SLURM_ARRAY_TASK_ID); nullopt for anything else.
std::optional<Shard> parse_shard(const std::string& text);

// ".shard-<i>-of-<n>": what the default file name of a slice adds to its stem.
std::string shard_suffix(const Shard& shard);

}  // namespace spipsim::experiment
