// The outcomes 6 and 12 months after the index event (work and housing in the community,
// and at 12 months reintegration: both, and no reconviction yet), recorded without an event
// of their own. What a check reads (the OutcomeState) changes only where the counts are
// synced (sync_stock_class, site_stocks.cpp, and start_service for training), so each row
// with a check still due keeps the state it was last synced with. When that state is about
// to change, before the person stops being counted here (uncount: leaving, or going to
// another site) and when the run ends (finish), every check whose day has passed is recorded
// from the kept state, which held on the check's day. Until 2026-12-03 an OutcomeCheck event
// per check copied the state on its day (7 % of the events of a national run, bench/README.md
// session 8); the records are the same bit for bit.
#include <cmath>

#include "sim/model/site.hpp"

namespace spipsim::model {

namespace {
constexpr std::uint8_t kCheck6 = 1, kCheck12 = 2;
constexpr std::uint8_t kCheckMonths[] = {6, 12};
constexpr std::uint8_t kCheckBits[] = {kCheck6, kCheck12};
}  // namespace

// What a check reads: at work (employed or in training) and housed, in the community only.
std::uint8_t Site::outcome_state_now(std::uint32_t s) const {
  Status status = people_.status[s];
  if (status != Status::Supervised && status != Status::Unsupervised) return 0;
  return std::uint8_t((people_.employed[s] || people_.in_training[s] ? kOutcomeWorking : 0) |
                      (people_.housed[s] ? kOutcomeHoused : 0));
}

// The day of the check `months` after the index, computed as its event was scheduled.
static double check_day(double index_day, std::uint8_t months) {
  return index_day + months * engine::kDaysPerMonth;
}

// Has the check of this day been taken by now? A check was a person event scheduled at the
// index (or at the arrival here), so at the same instant it came after every policy,
// statistics and planning event (lower priority) and before the person events scheduled
// after it, which is nearly all of them (not so for a person event scheduled before the index
// for exactly the check's instant: no such pair of times is computed alike). The run's end
// (finish) takes the checks strictly before end_day: events from end_day on are not handled.
bool Site::check_taken_by_now(double at) const {
  return at < now_ || (at == now_ && priority_ == kPriorityPerson);
}

void Site::record_outcome_checks(std::uint32_t s) {
  std::uint8_t due = people_.outcome_checks_due[s];
  if (!due) return;
  for (int k = 0; k < 2; ++k) {
    if (!(due & kCheckBits[k])) continue;
    double at = check_day(people_.index_day[s], kCheckMonths[k]);
    if (!check_taken_by_now(at)) break;  // the 12-month check is later still
    std::int8_t working = (people_.outcome_state[s] & kOutcomeWorking) != 0;
    std::int8_t housed = (people_.outcome_state[s] & kOutcomeHoused) != 0;
    if (kCheckMonths[k] == 6) {
      people_.employed_6m[s] = working;
      people_.housed_6m[s] = housed;
    } else {
      people_.employed_12m[s] = working;
      people_.housed_12m[s] = housed;
      bool reconvicted = people_.reconviction_day[s] < at;  // NaN: not reconvicted
      people_.reintegrated_12m[s] = std::int8_t(working && housed && !reconvicted);
    }
    due &= std::uint8_t(~kCheckBits[k]);
  }
  people_.outcome_checks_due[s] = due;
}

// Called (sync_outcome_state) wherever what a check reads may have changed, for a row with a
// check due: the checks already taken read the state that held until now.
void Site::update_outcome_state(std::uint32_t s) {
  std::uint8_t now = outcome_state_now(s);
  if (now == people_.outcome_state[s]) return;
  record_outcome_checks(s);
  people_.outcome_state[s] = now;
}

// The index event (mark_at_risk_start): both checks are ahead, and the row keeps its state
// from now on (a change later in the same event is synced at its end).
void Site::start_outcome_checks(std::uint32_t s) {
  people_.outcome_checks_due[s] = kCheck6 | kCheck12;
  people_.outcome_state[s] = outcome_state_now(s);
}

// Arrived from another site (a transfer): a check whose day fell during the journey is
// recorded from the state the person left in, which held on the way (the row carries it with
// the checks still due); the later ones are taken here. Until 2026-12-03 a check during a
// journey stayed unrecorded (-1): the receiving site took the checks from the arrival on.
void Site::resume_outcome_checks(std::uint32_t s) {
  record_outcome_checks(s);
  people_.outcome_state[s] = outcome_state_now(s);
}

}  // namespace spipsim::model
