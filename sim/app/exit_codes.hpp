#pragma once
// The exit status of `spipsim`, part of its contract with scripts and schedulers.
namespace spipsim::app {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;        // a run or write failed; no results file
inline constexpr int kExitBadInput = 2;       // bad command line, scenario or --out; nothing run
// A slice of `allocate --shard` gave up waiting for the other slices (its own tasks are
// journalled): submit it again once they run. EX_TEMPFAIL of sysexits.h.
inline constexpr int kExitIncomplete = 75;
inline constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM; no results file (128 + 2)

}  // namespace spipsim::app
