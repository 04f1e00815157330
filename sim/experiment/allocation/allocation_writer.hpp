#pragma once
// The allocation file (docs/hdf5-schema.md, "Allocation files"): the plan per site, the
// effects of the greedy plan and of the pro-rata rules with intervals, the probability that
// the greedy plan beats each rule, and every round's marginal values. Written atomically
// with its content checksum like every spipsim file.
#include <filesystem>
#include <string>

#include "sim/experiment/allocation/allocation_search.hpp"

namespace spipsim::experiment {

struct AllocationRunInfo {
  std::string command_line;
  int threads = 1, ranks = 1;
};

void write_allocation(const std::filesystem::path& path, const Allocation& allocation,
                      const AllocationResult& result, const AllocationRunInfo& info);

}  // namespace spipsim::experiment
