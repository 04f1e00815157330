#include "sim/experiment/outcomes/run_analysis.hpp"

#include "sim/experiment/outcomes/run_accumulator.hpp"

namespace spipsim::experiment {

RunAnalysis analyse(const std::vector<model::ReplicateOutput>& outputs, double level,
                    bool keep_person_records) {
  RunAccumulator accumulator(static_cast<std::uint32_t>(outputs.size()), keep_person_records);
  for (std::uint32_t r = 0; r < outputs.size(); ++r) accumulator.add(r, outputs[r]);
  return accumulator.finish(level);
}

}  // namespace spipsim::experiment
