#pragma once
// Simulated time: days since the scenario start date. A strong type so that a count of
// days is never confused with a rate, a count of events or a calendar year. Calendar
// dates exist only at the edges (scenario files, reports) through Calendar.
#include <chrono>
#include <compare>
#include <limits>
#include <string>

namespace spipsim::engine {

class SimTime {
 public:
  constexpr SimTime() = default;
  static constexpr SimTime days(double d) { return SimTime(d); }
  static constexpr SimTime never() { return SimTime(std::numeric_limits<double>::infinity()); }

  constexpr double in_days() const { return days_; }
  constexpr bool is_never() const { return days_ == std::numeric_limits<double>::infinity(); }

  constexpr SimTime operator+(double d) const { return SimTime(days_ + d); }
  constexpr SimTime operator-(double d) const { return SimTime(days_ - d); }
  constexpr double operator-(SimTime o) const { return days_ - o.days_; }
  constexpr SimTime& operator+=(double d) {
    days_ += d;
    return *this;
  }
  constexpr auto operator<=>(const SimTime&) const = default;

 private:
  constexpr explicit SimTime(double d) : days_(d) {}
  double days_ = 0.0;
};

inline constexpr double kDaysPerYear = 365.25;
inline constexpr double kDaysPerMonth = kDaysPerYear / 12.0;

// Converts between simulated days and calendar dates, anchored at the scenario start date.
class Calendar {
 public:
  explicit Calendar(std::chrono::year_month_day start) : start_(std::chrono::sys_days(start)) {}
  SimTime at(std::chrono::year_month_day date) const {
    return SimTime::days(double((std::chrono::sys_days(date) - start_).count()));
  }
  std::chrono::year_month_day date(SimTime t) const {
    return std::chrono::year_month_day(start_ + std::chrono::days(static_cast<long>(t.in_days())));
  }
  std::string iso(SimTime t) const;  // "YYYY-MM-DD"
  std::chrono::year_month_day start() const { return std::chrono::year_month_day(start_); }

 private:
  std::chrono::sys_days start_;
};

// Parses "YYYY-MM-DD"; returns false when the text is not a valid calendar date.
bool parse_iso_date(const std::string& text, std::chrono::year_month_day& out);

}  // namespace spipsim::engine
