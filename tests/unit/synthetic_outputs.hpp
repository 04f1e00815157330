#pragma once
// Small hand-built replicate outputs with known answers, for the experiment layer's tests.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment::testing {

inline model::PersonRecord person(std::uint64_t id, double days_to_reconviction, bool reconvicted) {
  model::PersonRecord p;
  p.id = id;
  p.days_to_reconviction = days_to_reconviction;
  p.reconvicted = reconvicted;
  p.days_to_reimprisonment = days_to_reconviction;
  p.reimprisoned = false;
  p.age_at_index = 30;
  return p;
}

// `n` persons whose time to reconviction is exponential with `rate_per_day`, censored at a
// follow-up drawn uniformly in [min_follow_days, max_follow_days]. Seeded: deterministic.
inline std::vector<model::PersonRecord> exponential_persons(int n, double rate_per_day,
                                                            double min_follow_days,
                                                            double max_follow_days,
                                                            std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<model::PersonRecord> persons;
  for (int i = 0; i < n; ++i) {
    double event = -std::log(1.0 - uniform(rng)) / rate_per_day;
    double follow = min_follow_days + (max_follow_days - min_follow_days) * uniform(rng);
    persons.push_back(
        person(static_cast<std::uint64_t>(i), std::min(event, follow), event <= follow));
  }
  return persons;
}

// A replicate with two sites and `months` months of records; every site-month has the
// same counts, so national sums are twice them.
inline model::ReplicateOutput two_site_output(std::uint32_t replicate, int months) {
  model::ReplicateOutput out;
  out.replicate = replicate;
  out.months = months;
  out.sites = {{"A", "Site A", "Region", 1000, 0.08, 10}, {"B", "Site B", "Region", 500, 0.1, 5}};
  for (int m = 0; m < months; ++m) {
    for (std::uint16_t s = 0; s < 2; ++s) {
      model::MonthlySiteRecord r;
      r.month = m;
      r.site = s;
      r.officers = s == 0 ? 10 : 5;
      r.detained = 100;
      r.supervised = 300;
      r.releases = 10;
      r.releases_supervised = 6;
      r.contacts_due = 200;
      r.contacts_delivered = 150;
      r.assessments = 4;
      r.assessment_wait_days_sum = 4 * 20.0;
      r.partner_started[0] = 2;
      r.partner_wait_days_sum[0] = 2 * 30.0;
      r.partner_queue[1] = 3;
      out.monthly.push_back(r);
    }
    out.officer_caseloads_by_month.push_back({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  }
  out.cost_officers_eur = 120000.0 * months / 12.0;
  out.cost_prison_eur = 240000.0 * months / 12.0;
  return out;
}

}  // namespace spipsim::experiment::testing
