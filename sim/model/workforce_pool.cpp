#include "sim/model/workforce_pool.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/sim_time.hpp"

namespace spipsim::model {

using params::ParamId;

WorkforceSettings WorkforceSettings::from(const params::Parameters& p) {
  WorkforceSettings s;
  s.quit_rate_per_year = p.real(ParamId::workforce_quit_rate_per_year);
  s.overload_quit_slope = p.real(ParamId::workforce_overload_quit_slope);
  s.overload_reference_cases = p.real(ParamId::workforce_overload_reference_cases);
  s.overload_memory_days = p.real(ParamId::workforce_overload_memory_months) * engine::kDaysPerMonth;
  s.lag_days = (p.real(ParamId::workforce_recruitment_months) +
                p.real(ParamId::workforce_training_months)) *
               engine::kDaysPerMonth;
  s.ramp_days = p.real(ParamId::workforce_ramp_months) * engine::kDaysPerMonth;
  s.ramp_capacity = p.real(ParamId::workforce_ramp_capacity);
  return s;
}

// In the steady state officers quit at rate q and are replaced one for one: q·N recruits are
// in the pipeline for each year of lag, and q·N newcomers ramp up for each year of ramp-up.
// N in post gives N − (1 − c)·q·N·R full equivalents, and N + q·N·L funded posts.
int WorkforceSettings::funded_for(double full_equivalents) const {
  double q = quit_rate_per_year;
  double in_post =
      full_equivalents / (1 - (1 - ramp_capacity) * q * ramp_days / engine::kDaysPerYear);
  return int(std::lround(in_post * (1 + q * lag_days / engine::kDaysPerYear)));
}

void WorkforcePool::start(double full_equivalents, double now, const WorkforceSettings& s) {
  double q = s.quit_rate_per_year;
  double in_post =
      full_equivalents / (1 - (1 - s.ramp_capacity) * q * s.ramp_days / engine::kDaysPerYear);
  int n = int(std::lround(in_post));
  int ramping = int(std::lround(q * in_post * s.ramp_days / engine::kDaysPerYear));
  funded_ = s.funded_for(full_equivalents);
  int recruits = std::max(0, funded_ - n);
  experienced_ = n - ramping;
  recruits_.clear();
  ramping_.clear();
  for (int k = 0; k < recruits; ++k) recruits_.push_back(now + (k + 0.5) / recruits * s.lag_days);
  for (int k = 0; k < ramping; ++k) ramping_.push_back(now + (k + 0.5) / ramping * s.ramp_days);
}

void WorkforcePool::take_up(double day, const WorkforceSettings& s) {
  if (s.ramp_days > 0 && s.ramp_capacity < 1) {
    ramping_.insert(std::upper_bound(ramping_.begin(), ramping_.end(), day + s.ramp_days),
                    day + s.ramp_days);
  } else {
    ++experienced_;
  }
}

void WorkforcePool::open_vacancies(double now, const WorkforceSettings& s) {
  for (int open = funded_ - in_post() - in_training(); open > 0; --open) {
    if (s.lag_days > 0) {
      recruits_.push_back(now + s.lag_days);  // the latest: the vector stays sorted
    } else {
      take_up(now, s);
    }
  }
}

void WorkforcePool::fund(int posts, double now, const WorkforceSettings& s) {
  funded_ = std::max(0, posts);
  while (in_post() + in_training() > funded_ && !recruits_.empty()) recruits_.pop_back();
  while (in_post() > funded_) {
    if (!ramping_.empty()) {
      ramping_.pop_back();
    } else {
      --experienced_;
    }
  }
  open_vacancies(now, s);
}

WorkforceStep WorkforcePool::step(double now, double days, double load,
                                  const std::function<double(int)>& uniform,
                                  const WorkforceSettings& s) {
  WorkforceStep out;
  auto arrived = std::upper_bound(recruits_.begin(), recruits_.end(), now);
  for (auto it = recruits_.begin(); it != arrived; ++it) take_up(*it, s);
  out.arrivals = int(arrived - recruits_.begin());
  recruits_.erase(recruits_.begin(), arrived);
  auto ramped = std::upper_bound(ramping_.begin(), ramping_.end(), now);
  experienced_ += int(ramped - ramping_.begin());
  ramping_.erase(ramping_.begin(), ramped);

  if (!std::isnan(load)) {
    double weight = 1 - std::exp(-days / s.overload_memory_days);
    load_ = load_ < 0 ? load : load_ + weight * (load - load_);
  }
  double overload = load_ < 0 ? 0.0 : std::max(0.0, load_ / s.overload_reference_cases - 1);
  double hazard = s.quit_rate_per_year * (1 + s.overload_quit_slope * overload);
  double p_quit = 1 - std::exp(-hazard * days / engine::kDaysPerYear);
  // Posts in order: experienced officers first, then newcomers in ramp-up order.
  int quit_experienced = 0;
  for (int k = 0; k < experienced_; ++k) quit_experienced += uniform(k) < p_quit;
  std::vector<double> staying;
  staying.reserve(ramping_.size());
  int post = experienced_;
  for (double end : ramping_)
    if (uniform(post++) < p_quit) {
      ++out.quits;
    } else {
      staying.push_back(end);
    }
  ramping_ = std::move(staying);
  experienced_ -= quit_experienced;
  out.quits += quit_experienced;
  open_vacancies(now, s);
  return out;
}

}  // namespace spipsim::model
