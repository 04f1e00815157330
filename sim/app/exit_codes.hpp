#pragma once
// The exit status of `spipsim`, part of its contract with scripts and schedulers.
namespace spipsim::app {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;        // a run or write failed; no results file
inline constexpr int kExitBadInput = 2;       // bad command line, scenario or --out; nothing run
inline constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM; no results file (128 + 2)

}  // namespace spipsim::app
