// Site::check_invariants: the bookkeeping that the model's speed rests on (positions kept in
// person rows, copies of due dates in the officers' arrays, lazily cancelled offence
// events, people counted per stock class and the outcome state each row keeps: check_counts,
// site_stocks.cpp), checked after every event in a checking run (RunControl::check_invariants).
// A cheap full pass: O(people + officers) per event, meant for small-site in tests.
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "sim/model/site.hpp"

namespace spipsim::model {

void Site::invariant_broken(const std::string& what) const {
  throw std::logic_error("invariant broken on day " + std::to_string(now_) + ": " + what);
}

namespace {
bool same_day(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}
}  // namespace

void Site::check_invariants() const {
  for (std::uint32_t o = 0; o < officers_.size(); ++o) {
    const Officer& off = officers_[o];
    std::string who = "officer " + std::to_string(o);
    if (off.caseload.size() != off.due.size()) invariant_broken(who + ": caseload and due differ");
    if (!off.active && !off.caseload.empty()) invariant_broken(who + ": inactive with cases");
    if (off.practice_tenths > 10) invariant_broken(who + ": practice above 1");
    if (!off.trained && off.practice_tenths != 0) invariant_broken(who + ": practice untrained");
    for (std::uint32_t k = 0; k < off.caseload.size(); ++k) {
      std::uint32_t s = off.caseload[k];
      if (s >= people_.slots() || people_.status[s] == Status::Free)
        invariant_broken(who + ": holds a free slot");
      if (people_.officer[s] != o || people_.caseload_pos[s] != k)
        invariant_broken(who + ": case " + std::to_string(s) + " has another position");
      if (!same_day(off.due[k], people_.next_contact_due[s]))
        invariant_broken(who + ": due copy of case " + std::to_string(s) + " is stale");
      if ((people_.status[s] == Status::Detained) != off.closed)
        invariant_broken(who + ": case " + std::to_string(s) + " in the wrong milieu");
    }
  }
  const auto& jobs = job_seekers_.members();
  for (std::uint32_t k = 0; k < jobs.size(); ++k)
    if (people_.job_pool_pos[jobs[k]] != k) invariant_broken("job seeker position");
  const auto& homes = housing_seekers_.members();
  for (std::uint32_t k = 0; k < homes.size(); ++k)
    if (people_.housing_pool_pos[homes[k]] != k) invariant_broken("housing seeker position");
  for (std::uint32_t s = 0; s < people_.slots(); ++s) check_person(s);
  check_counts();
}

void Site::check_person(std::uint32_t s) const {
  if (people_.status[s] == Status::Free) return;
  std::string who = "person " + std::to_string(people_.id[s]);
  std::uint32_t o = people_.officer[s];
  if (o != kNone &&
      (o >= officers_.size() || people_.caseload_pos[s] >= officers_[o].caseload.size() ||
       officers_[o].caseload[people_.caseload_pos[s]] != s))
    invariant_broken(who + ": not at their caseload position");
  if (o == kNone && people_.caseload_pos[s] != kNone)
    invariant_broken(who + ": position without officer");
  if (people_.job_pool_pos[s] != kNone && people_.employed[s])
    invariant_broken(who + ": employed seeker");
  // Every due interval up to the last plan was counted: a held case's next due date is not
  // behind the last plan, unless the case came after it (it restarts at the next plan).
  double due = people_.next_contact_due[s];
  if (o != kNone && !std::isnan(due) && !(due < now_ + 7.0 + 365.0))
    invariant_broken(who + ": due date beyond any interval");
  // One pending offence event: the earliest pending event is never after the crossing.
  double at = people_.offence_day[s];
  if (!std::isnan(at) && !(people_.offence_event_day[s] <= at))
    invariant_broken(who + ": offence crossing without a pending event");
  if (!(people_.contacts_due[s] >= 0) ||
      !(people_.contacts_effective[s] <= people_.contacts_due[s] * 1.0001f + 1e-4f) ||
      people_.contacts_effective[s] < 0)
    invariant_broken(who + ": dose window out of [0, 1]");
  if (people_.dose_seen[s] > 100) invariant_broken(who + ": dose above 1");
  // The hazard of a supervised person at risk sees their dose to within a tenth: the plan
  // re-solves it when the dose moves that far (settle_contacts).
  if (people_.status[s] == Status::Supervised && !std::isnan(people_.episode_start[s]) &&
      std::abs(int(dose_hundredths(s)) - int(people_.dose_seen[s])) >= kDoseStepHundredths)
    invariant_broken(who + ": the hazard sees a dose a tenth or more from the dose");
}

}  // namespace spipsim::model
