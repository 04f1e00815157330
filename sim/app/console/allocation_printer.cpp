#include "sim/app/console/allocation_printer.hpp"

#include <iomanip>

#include "sim/app/console/summary_printer.hpp"

namespace spipsim::app {
namespace {

using experiment::AllocationResult;
using experiment::PlanEffect;
using experiment::format_value;
using experiment::json_number;
using experiment::json_string;

std::string interval(const stats::Interval& i) {
  return format_value(i.mean, false) + " [" + format_value(i.lo, false) + ", " +
         format_value(i.hi, false) + "]";
}

}  // namespace

void print_allocation(std::ostream& out, const experiment::Allocation& a,
                      const AllocationResult& r) {
  out << "Allocation " << a.file.name << ": " << a.file.posts << " posts, step " << a.file.step
      << ", objective " << experiment::objective_name(a.file.objective) << ", "
      << a.replicates << " replicates, seed " << a.seed << ", " << a.years << " years\n";
  if (r.unplaced > 0) out << r.unplaced << " posts could not be placed (max_per_site)\n";
  out << "\n" << std::left << std::setw(8) << "site" << std::right << std::setw(12)
      << "cases/off." << std::setw(8) << "floor" << std::setw(8) << "greedy" << std::setw(12)
      << "pro rata" << std::setw(12) << "pro rata" << std::setw(12) << "cases/off." << "\n"
      << std::left << std::setw(8) << "" << std::right << std::setw(12) << "today" << std::setw(8)
      << "" << std::setw(8) << "" << std::setw(12) << "population" << std::setw(12) << "caseload"
      << std::setw(12) << "greedy" << "\n";
  for (std::size_t c = 0; c < a.sites.size(); ++c)
    out << std::left << std::setw(8) << a.sites[c] << std::right << std::setw(12)
        << format_value(r.base_caseload[c], false) << std::setw(8) << r.floor[c] << std::setw(8)
        << r.greedy.plan[c] << std::setw(12) << r.pro_rata_population.plan[c] << std::setw(12)
        << r.pro_rata_caseload.plan[c] << std::setw(12) << format_value(r.final_caseload[c], false)
        << "\n";
  out << "\nEffects over the window, paired against no new posts (mean [95% interval]):\n";
  for (const PlanEffect* e : {&r.greedy, &r.pro_rata_population, &r.pro_rata_caseload})
    out << "  " << std::left << std::setw(20) << e->name
        << "reconvictions avoided " << interval(e->reconvictions_avoided)
        << "; reintegrated at 12 months +" << interval(e->reintegrated_gained)
        << "; cost change EUR " << interval(e->cost_change_eur) << "\n";
  out << "\nP(greedy beats pro rata population) = " << format_value(r.p_beats_population, true)
      << "; P(greedy beats pro rata caseload) = " << format_value(r.p_beats_caseload, true)
      << " (share of replicates)\n";
}

void print_allocation_json(std::ostream& out, const experiment::Allocation& a,
                           const AllocationResult& r) {
  auto iv = [](const stats::Interval& i) {
    return "{\"mean\": " + json_number(i.mean) + ", \"low\": " + json_number(i.lo) +
           ", \"high\": " + json_number(i.hi) + "}";
  };
  out << "{\"allocation\": " << json_string(a.file.name)
      << ", \"objective\": " << json_string(experiment::objective_name(a.file.objective))
      << ", \"posts\": " << a.file.posts << ", \"step\": " << a.file.step
      << ", \"replicates\": " << a.replicates << ", \"seed\": " << a.seed
      << ", \"unplaced\": " << r.unplaced << ", \"sites\": [";
  for (std::size_t c = 0; c < a.sites.size(); ++c)
    out << (c ? ", " : "") << "{\"code\": " << json_string(a.sites[c])
        << ", \"caseload_base\": " << json_number(r.base_caseload[c])
        << ", \"floor\": " << r.floor[c] << ", \"greedy\": " << r.greedy.plan[c]
        << ", \"pro_rata_population\": " << r.pro_rata_population.plan[c]
        << ", \"pro_rata_caseload\": " << r.pro_rata_caseload.plan[c]
        << ", \"caseload_greedy\": " << json_number(r.final_caseload[c]) << "}";
  out << "], \"effects\": {";
  bool first = true;
  for (const PlanEffect* e : {&r.greedy, &r.pro_rata_population, &r.pro_rata_caseload}) {
    out << (first ? "" : ", ") << json_string(e->name)
        << ": {\"reconvictions_avoided\": " << iv(e->reconvictions_avoided)
        << ", \"reintegrated_gained\": " << iv(e->reintegrated_gained)
        << ", \"cost_change_eur\": " << iv(e->cost_change_eur) << "}";
    first = false;
  }
  out << "}, \"p_beats_pro_rata_population\": " << json_number(r.p_beats_population)
      << ", \"p_beats_pro_rata_caseload\": " << json_number(r.p_beats_caseload)
      << ", \"rounds\": [";
  for (std::size_t i = 0; i < r.rounds.size(); ++i)
    out << (i ? ", " : "") << "{\"step\": " << r.rounds[i].step
        << ", \"site\": " << json_string(a.sites[r.rounds[i].chosen])
        << ", \"marginal\": " << iv(r.rounds[i].marginal[r.rounds[i].chosen]) << "}";
  out << "]}\n";
}

}  // namespace spipsim::app
