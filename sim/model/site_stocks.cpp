// The month-end stocks kept as counters (MonthlySiteRecord: detained, of whom on remand,
// supervised, of whom employed and housed, unsupervised follow-up): each person's stock class,
// counted in the row and in the site's counters whenever it changes (sync_counts,
// site_statistics.cpp), so a month end reads eight counters instead of every row. The checks
// compare the counters with a count of every row (tests: RunControl::check_invariants after
// every event, RunControl::check_stocks at every month end).
#include <string>

#include "sim/model/site.hpp"

namespace spipsim::model {

// The person's place in the month-end stocks, from their legal status, remand, employment
// and housing.
std::uint8_t Site::stock_class_now(std::uint32_t s) const {
  switch (people_.status[s]) {
    case Status::Detained:
      return people_.pretrial[s] ? kStockPretrial : kStockDetained;
    case Status::Supervised:
      return std::uint8_t(kStockSupervised + (people_.employed[s] ? kStockEmployed : 0) +
                          (people_.housed[s] ? kStockHoused : 0));
    case Status::Unsupervised:
      return kStockUnsupervised;
    default:
      return kStockNone;
  }
}

// Also syncs the outcome state (site_outcomes.cpp), which the same changes move.
void Site::sync_stock_class(std::uint32_t s) {
  sync_outcome_state(s);
  std::uint8_t now = stock_class_now(s);
  std::uint8_t& counted = people_.stock_class[s];
  if (now == counted) return;
  --stock_count_[counted];
  ++stock_count_[now];
  counted = now;
}

// The month-end stocks from the counters of people per stock class: no row is read.
void Site::write_stocks(MonthlySiteRecord& m) const {
  auto n = [this](int k) { return std::int32_t(stock_count_[k]); };
  m.detained = n(kStockDetained) + n(kStockPretrial);
  m.detained_pretrial = n(kStockPretrial);
  m.unsupervised_followup = n(kStockUnsupervised);
  m.supervised = m.employed = m.housed = 0;
  for (int k = kStockSupervised; k < kStockClasses; ++k) {
    m.supervised += n(k);
    if (k & kStockEmployed) m.employed += n(k);
    if (k & kStockHoused) m.housed += n(k);
  }
}

// The same stocks from every row, as the month end counted them before the counters (issue
// 12: 8.75 % of the last-level read misses of a 0.1x run): what check_stocks compares with.
void Site::scan_stocks(MonthlySiteRecord& m) const {
  m.detained = m.detained_pretrial = m.supervised = m.employed = m.housed =
      m.unsupervised_followup = 0;
  for (std::uint32_t s = 0; s < people_.slots(); ++s) {
    switch (people_.status[s]) {
      case Status::Detained:
        ++m.detained;
        m.detained_pretrial += people_.pretrial[s];
        break;
      case Status::Supervised:
        ++m.supervised;
        m.employed += people_.employed[s];
        m.housed += people_.housed[s];
        break;
      case Status::Unsupervised:
        ++m.unsupervised_followup;
        break;
      case Status::Free:
        break;
    }
  }
}

// Every row's counted cost status, stock class and kept outcome state (site_outcomes.cpp) are
// the ones its fields give now, and the
// site's stock counters are the number of rows counted in each: a handler that changed
// someone without syncing them breaks the first, a slot released or restored without
// uncounting breaks the second.
void Site::check_counts() const {
  std::int64_t stocks[kStockClasses] = {};
  for (std::uint32_t s = 0; s < people_.slots(); ++s) {
    auto person = [&] {
      return "person " + std::to_string(people_.id[s]) + " (slot " + std::to_string(s) + ")";
    };
    if (people_.cost_status[s] != std::uint8_t(cost_status_now(s)))
      invariant_broken(person() + " costed in status " + std::to_string(people_.cost_status[s]) +
                       ", is in " + std::to_string(int(cost_status_now(s))));
    std::uint8_t counted = people_.stock_class[s];
    if (counted != stock_class_now(s))
      invariant_broken(person() + " counted in stock class " + std::to_string(counted) +
                       ", is in " + std::to_string(stock_class_now(s)));
    if (people_.outcome_checks_due[s] && people_.outcome_state[s] != outcome_state_now(s))
      invariant_broken(person() + " kept in outcome state " +
                       std::to_string(people_.outcome_state[s]) + ", is in " +
                       std::to_string(outcome_state_now(s)));
    ++stocks[counted];
  }
  for (int k = 1; k < kStockClasses; ++k)
    if (stocks[k] != stock_count_[k])
      invariant_broken("stock class " + std::to_string(k) + " counts " +
                       std::to_string(stock_count_[k]) + " people, the rows " +
                       std::to_string(stocks[k]));
}

void Site::check_stocks() const {
  MonthlySiteRecord kept, scanned;
  write_stocks(kept);
  scan_stocks(scanned);
  auto same = [&](const char* name, std::int32_t a, std::int32_t b) {
    if (a != b)
      invariant_broken("site " + std::to_string(index_) + " month " +
                       std::to_string(current_month_) + ": " + name + " kept as " +
                       std::to_string(a) + ", the rows count " + std::to_string(b));
  };
  same("detained", kept.detained, scanned.detained);
  same("detained_pretrial", kept.detained_pretrial, scanned.detained_pretrial);
  same("supervised", kept.supervised, scanned.supervised);
  same("employed", kept.employed, scanned.employed);
  same("housed", kept.housed, scanned.housed);
  same("unsupervised_followup", kept.unsupervised_followup, scanned.unsupervised_followup);
}

}  // namespace spipsim::model
