#pragma once
// Thrown when the user cancels a run (Ctrl-C): by the replicate runner between windows and
// replicates, and by the results writer before it commits. Nothing partial survives it.
#include <stdexcept>

namespace spipsim::experiment {

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace spipsim::experiment
