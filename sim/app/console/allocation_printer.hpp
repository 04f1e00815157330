#pragma once
// The allocation on the console: the plan per site next to the pro-rata rules, the effects
// of each plan with intervals, and the probability that the greedy plan beats each rule;
// or the same as JSON (--json).
#include <ostream>

#include "sim/experiment/allocation/allocation_search.hpp"

namespace spipsim::app {

void print_allocation(std::ostream& out, const experiment::Allocation& allocation,
                      const experiment::AllocationResult& result);
void print_allocation_json(std::ostream& out, const experiment::Allocation& allocation,
                           const experiment::AllocationResult& result);

}  // namespace spipsim::app
