// Site::check_invariants: the bookkeeping that the model's speed rests on (positions kept in
// person rows, copies of due dates in the officers' arrays, lazily cancelled offence
// events, people counted per stock class: check_counts, site_stocks.cpp), checked after every
// event in a checking run (RunControl::check_invariants).
// A cheap full pass: O(people + officers) per event, meant for small-site in tests.
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/model/site.hpp"

namespace spipsim::model {

namespace {
[[noreturn]] void broken(const std::string& what, double now) {
  throw std::logic_error("invariant broken on day " + std::to_string(now) + ": " + what);
}
bool same_day(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }
}  // namespace

void Site::check_invariants() const {
  for (std::uint32_t o = 0; o < officers_.size(); ++o) {
    const Officer& off = officers_[o];
    std::string who = "officer " + std::to_string(o);
    if (off.caseload.size() != off.due.size()) broken(who + ": caseload and due differ", now_);
    if (!off.active && !off.caseload.empty()) broken(who + ": inactive with cases", now_);
    if (off.practice_tenths > 10) broken(who + ": practice above 1", now_);
    if (!off.trained && off.practice_tenths != 0) broken(who + ": practice untrained", now_);
    for (std::uint32_t k = 0; k < off.caseload.size(); ++k) {
      std::uint32_t s = off.caseload[k];
      if (s >= people_.slots() || people_.status[s] == Status::Free)
        broken(who + ": holds a free slot", now_);
      if (people_.officer[s] != o || people_.caseload_pos[s] != k)
        broken(who + ": case " + std::to_string(s) + " has another position", now_);
      if (!same_day(off.due[k], people_.next_contact_due[s]))
        broken(who + ": due copy of case " + std::to_string(s) + " is stale", now_);
      if ((people_.status[s] == Status::Detained) != off.closed)
        broken(who + ": case " + std::to_string(s) + " in the wrong milieu", now_);
    }
  }
  const auto& jobs = job_seekers_.members();
  for (std::uint32_t k = 0; k < jobs.size(); ++k)
    if (people_.job_pool_pos[jobs[k]] != k) broken("job seeker position", now_);
  const auto& homes = housing_seekers_.members();
  for (std::uint32_t k = 0; k < homes.size(); ++k)
    if (people_.housing_pool_pos[homes[k]] != k) broken("housing seeker position", now_);
  for (std::uint32_t s = 0; s < people_.slots(); ++s) check_person(s);
  check_counts();
}

void Site::check_person(std::uint32_t s) const {
  if (people_.status[s] == Status::Free) return;
  std::string who = "person " + std::to_string(people_.id[s]);
  std::uint32_t o = people_.officer[s];
  if (o != kNone && (o >= officers_.size() || people_.caseload_pos[s] >= officers_[o].caseload.size() ||
                     officers_[o].caseload[people_.caseload_pos[s]] != s))
    broken(who + ": not at their caseload position", now_);
  if (o == kNone && people_.caseload_pos[s] != kNone) broken(who + ": position without officer", now_);
  if (people_.job_pool_pos[s] != kNone && people_.employed[s]) broken(who + ": employed seeker", now_);
  // Every due interval up to the last plan was counted: a held case's next due date is not
  // behind the last plan, unless the case came after it (it restarts at the next plan).
  double due = people_.next_contact_due[s];
  if (o != kNone && !std::isnan(due) && !(due < now_ + 7.0 + 365.0))
    broken(who + ": due date beyond any interval", now_);
  // One pending offence event: the earliest pending event is never after the crossing.
  double at = people_.offence_day[s];
  if (!std::isnan(at) && !(people_.offence_event_day[s] <= at))
    broken(who + ": offence crossing without a pending event", now_);
  if (!(people_.contacts_due[s] >= 0) ||
      !(people_.contacts_effective[s] <= people_.contacts_due[s] * 1.0001f + 1e-4f) ||
      people_.contacts_effective[s] < 0)
    broken(who + ": dose window out of [0, 1]", now_);
  if (people_.dose_tenths[s] > 10) broken(who + ": dose above 1", now_);
}

}  // namespace spipsim::model
