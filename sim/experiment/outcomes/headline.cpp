#include "sim/experiment/outcomes/headline.hpp"

namespace spipsim::experiment {

std::string_view group_name(HeadlineGroup group) {
  switch (group) {
    case HeadlineGroup::Recidivism:
      return "Recidivism";
    case HeadlineGroup::Reintegration:
      return "Reintegration";
    case HeadlineGroup::Workload:
      return "Workload";
    case HeadlineGroup::Costs:
      return "Costs";
  }
  return "Other";
}

}  // namespace spipsim::experiment
