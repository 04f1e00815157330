#pragma once
// Officers who come and go: one pool of funded posts at one site (community or prison
// officers). A vacant funded post opens a recruitment at once; the recruit spends the
// recruitment delay and the initial training (ENAP, élève CPIP) out of post, then takes up the
// post with a reduced caseload for the ramp-up (the stagiaire year), then a full one. Officers
// in post quit at a rate that rises with sustained overload. A cut in funded posts cancels
// recruitments first, then removes officers in post.
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine/random_stream.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::model {

struct WorkforceSettings {
  double quit_rate_per_year = 0;
  double overload_quit_slope = 0;
  double overload_reference_cases = 70;
  double overload_memory_days = 365;
  double lag_days = 0;   // recruitment plus initial training
  double ramp_days = 0;  // in post with a reduced caseload
  double ramp_capacity = 1;

  static WorkforceSettings from(const params::Parameters& p);
  // Funded posts whose steady state, with this quit rate and these delays, keeps `in_post`
  // full-caseload equivalents in post: today's officer counts are in post, not funded.
  int funded_for(double full_equivalents) const;
};

struct WorkforceStep {
  int quits = 0;
  int arrivals = 0;  // recruits who took up their post this step
};

class WorkforcePool {
 public:
  // The steady state for `full_equivalents` (see funded_for): posts funded, recruits spread
  // evenly over the lag, newcomers evenly over the ramp-up. Deterministic.
  void start(double full_equivalents, double now, const WorkforceSettings& s);
  // Sets the funded posts: new vacancies start recruitment now; a cut cancels recruitments
  // (latest first) and then removes officers in post (newcomers first).
  void fund(int posts, double now, const WorkforceSettings& s);
  // One step of `days` ending at `now`: recruits take up their post, ramp-ups end, officers
  // quit at the hazard of the smoothed `load` (cases per officer; NaN = no overload), and the
  // vacancies they leave start recruitment. The officer in the k-th post quits when
  // uniform(k) is below the quit probability: keyed by post, so two scenarios that differ in
  // staffing draw the same numbers for the posts they share (common random numbers).
  WorkforceStep step(double now, double days, double load,
                     const std::function<double(int)>& uniform, const WorkforceSettings& s);

  int funded() const { return funded_; }
  int in_post() const { return experienced_ + int(ramping_.size()); }
  int in_training() const { return int(recruits_.size()); }
  int ramping() const { return int(ramping_.size()); }
  // Officers in post counted by caseload capacity (a newcomer counts ramp_capacity).
  double full_equivalents(const WorkforceSettings& s) const {
    return experienced_ + s.ramp_capacity * double(ramping_.size());
  }
  double smoothed_load() const { return load_; }

 private:
  void take_up(double day, const WorkforceSettings& s);
  void open_vacancies(double now, const WorkforceSettings& s);

  int funded_ = 0;
  int experienced_ = 0;
  std::vector<double> recruits_;  // day each recruit takes up the post (ascending)
  std::vector<double> ramping_;   // day each newcomer reaches a full caseload (ascending)
  double load_ = -1;              // smoothed cases per officer; < 0 before the first step
};

}  // namespace spipsim::model
