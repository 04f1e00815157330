#include "sim/engine/sim_time.hpp"

#include <cstdio>

namespace spipsim::engine {

std::string Calendar::iso(SimTime t) const {
  auto d = date(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

bool parse_iso_date(const std::string& text, std::chrono::year_month_day& out) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return false;
  out =
      std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d));
  return out.ok();
}

}  // namespace spipsim::engine
