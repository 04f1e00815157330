#pragma once
// Recidivism and reintegration by subgroup: age group at the index date, sex, risk tier,
// release type and site.
//
// Estimates are pooled over replicates: one Kaplan-Meier curve on the persons of every
// replicate in the subgroup, with its Greenwood band. Why not one estimate per replicate
// and an interval over replicates, as for the headlines? Subgroups are small (a small
// site, people over 60): within one replicate a curve may have no one at risk at 5 years,
// and a mean of unstable per-replicate curves is biased. Replicates are independent runs of
// the same process, so pooling them estimates the same curve from R times the persons.
// The price: the Greenwood band counts persons as independent, so it omits what persons of
// one replicate share (officers, partners, markets) and is narrower than a band over
// replicates. Read it as sampling precision of the subgroup, not as full uncertainty.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

struct SubgroupRow {
  std::string group;   // "18-20", "woman", "high", "sortie_seche", a site code, ...
  std::int64_t n = 0;  // persons, pooled over replicates
  Incidence reconviction_1y, reconviction_2y, reconviction_5y, reimprisonment_1y;
  double reintegrated_12m = 0;          // share among persons whose status is known
  std::int64_t reintegrated_known = 0;  // that denominator
};

struct Breakdown {
  std::string by;  // "age_group", "sex", "risk_tier", "release_type", "site"
  std::string description;
  // Every category in a fixed order, empty ones too (n = 0, NaN estimates), so that tables
  // of two scenarios line up row by row.
  std::vector<SubgroupRow> rows;
};

// The breakdowns in the order above, from every replicate's persons (in replicate order).
// Site groups follow `sites` (every replicate of a scenario has the same sites); no
// breakdown by site when there is no replicate.
std::vector<Breakdown> compute_breakdowns(std::span<const std::vector<PersonOutcome>> replicates,
                                          const std::vector<model::SiteInfo>& sites);

// The same from whole outputs, site groups from outputs.front().sites.
std::vector<Breakdown> compute_breakdowns(const std::vector<model::ReplicateOutput>& outputs);

// "18-20", "21-29", "30-39", "40-49", "50-59" or "60+". Ages under 18 (minors are not
// followed by the SPIP but a data error should not drop a person) fall in "18-20".
std::string_view age_group(double age_years);

}  // namespace spipsim::experiment
