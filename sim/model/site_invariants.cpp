// Site::check_invariants: the bookkeeping that the model's speed rests on (positions kept in
// person rows, copies of due dates in the officers' arrays, lazily cancelled offence
// events, counts of people per cost status and stock class), checked after every event in a
// checking run (RunControl::check_invariants). A cheap full pass: O(people + officers) per
// event, meant for small-site in tests. Site::check_stocks: the month-end stocks against a
// count of every row, once a month (RunControl::check_stocks; affordable on a national run).
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

// Every row's counted class is the one its fields give now, and the site's counters are the
// number of rows counted in each: a handler that changed someone without syncing them
// breaks the first, a slot released or restored without uncounting breaks the second.
void Site::check_counts() const {
  std::int64_t stocks[kStockClasses] = {};
  for (std::uint32_t s = 0; s < people_.slots(); ++s) {
    std::uint8_t counted = people_.stock_class[s];
    if (counted != stock_class_now(s))
      broken("person " + std::to_string(people_.id[s]) + " (slot " + std::to_string(s) +
                 ") counted in stock class " + std::to_string(counted) + ", is in " +
                 std::to_string(stock_class_now(s)),
             now_);
    ++stocks[counted];
  }
  for (int k = 1; k < kStockClasses; ++k)
    if (stocks[k] != stock_count_[k])
      broken("stock class " + std::to_string(k) + " counts " + std::to_string(stock_count_[k]) +
                 " people, the rows " + std::to_string(stocks[k]),
             now_);
}

void Site::check_stocks() const {
  MonthlySiteRecord kept, scanned;
  write_stocks(kept);
  scan_stocks(scanned);
  auto same = [&](const char* name, std::int32_t a, std::int32_t b) {
    if (a != b)
      broken("site " + std::to_string(index_) + " month " + std::to_string(current_month_) +
                 ": " + name + " kept as " + std::to_string(a) + ", the rows count " +
                 std::to_string(b),
             now_);
  };
  same("detained", kept.detained, scanned.detained);
  same("detained_pretrial", kept.detained_pretrial, scanned.detained_pretrial);
  same("supervised", kept.supervised, scanned.supervised);
  same("employed", kept.employed, scanned.employed);
  same("housed", kept.housed, scanned.housed);
  same("unsupervised_followup", kept.unsupervised_followup, scanned.unsupervised_followup);
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
