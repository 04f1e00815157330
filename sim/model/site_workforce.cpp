// Officers who come and go at one site. The staffing levers (site_policy.cpp) say how many
// full-caseload officers today's posts keep in post; funded posts are sized so that the
// steady state of quits and replacements keeps them (workforce_pool.hpp), plus the extra
// posts of staffing.added_posts. A change of the funded posts on the timeline goes through
// recruitment, initial training and ramp-up; the officers the model allocates cases to
// are the full-caseload equivalents in post.
#include <cmath>

#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/site_officers.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

int Site::added_posts() const {
  // Checked before the run (check_scenario_data), so parsing cannot fail here.
  int added = 0;
  for (const SiteOfficers& listed : parse_site_officers(params_.text(ParamId::staffing_added_posts)))
    if (listed.code == world_.territory(index_).code) added += listed.officers;
  return added;
}

// At construction and at every timeline change: today's levers become funded posts. The
// first call starts the pools in their steady state and the monthly workforce clock.
void Site::apply_staffing() {
  workforce_settings_ = WorkforceSettings::from(params_);
  const WorkforceSettings& s = workforce_settings_;
  double wanted[2] = {double(community_officers_wanted()), double(closed_officers_wanted())};
  if (!workforce_started_) {
    workforce_started_ = true;
    for (int k = 0; k < 2; ++k) workforce_[k].start(wanted[k], now_, s);
    workforce_[0].fund(workforce_[0].funded() + added_posts(), now_, s);
    // Steps on the month boundaries of the run, computed as MonthTick computes them (so the
    // same instant, and the step runs first by priority), from the first after now.
    workforce_month_ = -int(std::floor(frame_.warmup_days / engine::kDaysPerMonth));
    while (workforce_day(workforce_month_) <= now_) ++workforce_month_;
    if (workforce_month_ <= frame_.months)
      schedule(workforce_day(workforce_month_), kPriorityPolicy, WorkforceMonth{});
  } else {
    workforce_[0].fund(s.funded_for(wanted[0]) + added_posts(), now_, s);
    workforce_[1].fund(s.funded_for(wanted[1]), now_, s);
  }
  apply_officers_in_post();
}

void Site::apply_officers_in_post() {
  const WorkforceSettings& s = workforce_settings_;
  set_officer_count(std::max(1, int(std::lround(workforce_[0].full_equivalents(s)))),
                    std::max(1, int(std::lround(workforce_[1].full_equivalents(s)))));
}

void Site::on(const WorkforceMonth&) {
  const WorkforceSettings& s = workforce_settings_;
  double community_cases = 0;
  int community_officers = 0;
  for (const Officer& o : officers_)
    if (o.active && !o.closed) community_cases += double(o.caseload.size()), ++community_officers;
  // Overload is measured on community caseloads; prison officers quit at the base rate.
  double load[2] = {community_officers > 0 ? community_cases / community_officers : kNaN, kNaN};
  auto& m = month_record();
  for (int k = 0; k < 2; ++k) {
    const std::uint64_t pool = (std::uint64_t(index_) * 2 + std::uint64_t(k)) << 24;
    auto uniform = [&](int post) {
      return engine::RandomStream(frame_.seed, frame_.replicate, kPurposeWorkforce,
                                  pool | std::uint64_t(post), workforce_steps_)
          .uniform();
    };
    WorkforceStep step = workforce_[k].step(now_, engine::kDaysPerMonth, load[k], uniform, s);
    m.officers_quit += step.quits;
    m.officers_arrived += step.arrivals;
  }
  ++workforce_steps_;
  apply_officers_in_post();
  record_workforce();
  if (++workforce_month_ <= frame_.months)
    schedule(workforce_day(workforce_month_), kPriorityPolicy, WorkforceMonth{});
}

double Site::workforce_day(int month) const {
  return frame_.warmup_days + month * engine::kDaysPerMonth;
}

// The state at the end of the month being closed (called before MonthTick closes it).
void Site::record_workforce() {
  auto& m = month_record();
  m.posts_funded = workforce_[0].funded() + workforce_[1].funded();
  m.officers_in_post = workforce_[0].in_post() + workforce_[1].in_post();
  m.officers_in_training = workforce_[0].in_training() + workforce_[1].in_training();
  m.officers_community = 0;
  for (const Officer& o : officers_) m.officers_community += (o.active && !o.closed);
}

}  // namespace spipsim::model
