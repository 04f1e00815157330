// Recidivism by the exponential-clock method (docs/model.md): each at-risk episode draws a
// threshold E ~ Exp(1) from the person's own stream; the person offends when the cumulative
// hazard reaches E. Every state change re-solves for the crossing time (refresh_hazard), so
// a scenario that changes nothing for a person leaves their offence date unchanged.
#include <algorithm>
#include <cmath>

#include "sim/engine/distributions.hpp"
#include "sim/model/prison_sentence.hpp"
#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"

namespace spipsim::model {

using params::ParamId;

namespace {

// log1p of every prior count a row can hold (uint8_t), computed once with std::log1p: the
// same values as calling it at each refresh, without the libm call.
struct LogPriors {
  double value[256];
  LogPriors() {
    for (int k = 0; k < 256; ++k) value[k] = std::log1p(double(k));
  }
};
const LogPriors kLogPriorsTable;

// Unmet needs counted by the hazard (addiction, mental health, rights: bits 2-4): three bit
// tests, as the build targets baseline x86-64, where std::popcount is a libgcc call.
constexpr std::uint8_t unmet_need_count(unsigned needs) {
  unsigned bits = needs & (kNeedAddiction | kNeedMentalHealth | kNeedRights);
  return std::uint8_t((bits >> 2 & 1) + (bits >> 3 & 1) + (bits >> 4 & 1));
}
static_assert(kNeedAddiction == 4 && kNeedMentalHealth == 8 && kNeedRights == 16,
              "unmet_need_count reads bits 2-4");

}  // namespace

// Contacts of the person's schedule against the reference schedule of their tier, at most 1:
// more frequent contacts than the reference add nothing to the dose (it saturates there).
double Site::schedule_intensity(std::uint32_t s) const {
  double reference = intervals_.dose_reference[std::size_t(people_.tier[s])];
  return std::min(1.0, reference / contact_interval(s));
}

Covariates Site::covariates(std::uint32_t s) const {
  Covariates x = Covariates::Zero();
  double age = people_.age_at_entry[s] + (now_ - people_.entry_day[s]) / engine::kDaysPerYear;
  // The age band as the number of its lower edges passed (2, ages 30-39, is the reference,
  // and so is an unknown age): comparisons, not a chain of branches that mispredicted.
  int band = !(age < 21) + !(age < 30) + (age >= 40) + (age >= 50) + (age >= 60);
  x[kAge18to20] = band == 0;
  x[kAge21to29] = band == 1;
  x[kAge40to49] = band == 3;
  x[kAge50to59] = band == 4;
  x[kAge60Plus] = band == 5;
  x[kWoman] = people_.sex[s] == Sex::Woman;
  x[kCommunityOrigin] = people_.entry_origin[s] == Origin::Community;
  x[kLogPriors] = kLogPriorsTable.value[people_.priors[s]];
  x[kRiskMedium] = people_.tier[s] == RiskTier::Medium;
  x[kRiskHigh] = people_.tier[s] == RiskTier::High;
  x[kEmployed] = people_.employed[s] || people_.in_training[s];
  x[kHoused] = people_.housed[s];
  x[kUnmetNeeds] = unmet_need_count(people_.needs[s]);
  // The dose is the share of the contacts due that were delivered (dose_seen) times the
  // schedule's intensity against the reference schedule (contact.dose_reference_*_days): a
  // schedule of one contact a year, fully kept, is not full supervision. Without the
  // intensity the dose was a ratio to the person's own schedule, so plain supervision and
  // contacts once a year had the same dose (issue 10, item 7).
  // The dose works through the practice of the officer holding the case now: RNR practice
  // (0..1, in tenths, after the training lag and any fading) splits it between the trained
  // and the plain effect. A case nobody holds gets the plain effect of its (falling) dose.
  if (people_.dose_seen[s] > 0) {
    double dose = people_.dose_seen[s] / 100.0 * schedule_intensity(s);
    double practice =
        people_.officer[s] != kNone ? officers_[people_.officer[s]].practice() : 0.0;
    x[kTrainedSupervisionDose] = dose * practice;
    x[kPlainSupervisionDose] = dose * (1 - practice);
  }
  return x;
}

void Site::start_episode(std::uint32_t s) {
  ++people_.episode[s];
  engine::RandomStream rng(frame_.seed, frame_.replicate, kPurposeThreshold, people_.id[s],
                           people_.episode[s]);
  people_.episode_start[s] = now_;
  people_.hazard_elapsed[s] = 0;
  people_.hazard_remaining[s] = engine::exponential(rng, 1.0);
  people_.hazard_multiplier[s] = 0;  // nothing accrued yet
  refresh_hazard(s);
}

// Accrues the hazard since the last update under the old multiplier, then solves for the
// crossing time under the new one and schedules it (older Reoffence events go stale).
void Site::refresh_hazard(std::uint32_t s) {
  if (std::isnan(people_.episode_start[s])) return;
  if (people_.status[s] != Status::Supervised && people_.status[s] != Status::Unsupervised) return;
  double elapsed = now_ - people_.episode_start[s];
  people_.hazard_remaining[s] -=
      people_.hazard_multiplier[s] * hazard_.cumulative(people_.hazard_elapsed[s], elapsed);
  people_.hazard_elapsed[s] = elapsed;
  people_.dose_seen[s] = dose_hundredths(s);
  double m = hazard_.multiplier(covariates(s));
  people_.hazard_multiplier[s] = m;
  double at = people_.episode_start[s] +
              hazard_.time_to_reach(elapsed, std::max(0.0, people_.hazard_remaining[s]), m);
  double horizon = std::min(frame_.end_day, people_.followed_until[s]);
  people_.offence_day[s] = at < horizon ? at : kNaN;
  arm_offence_event(s);
}

// Keeps one Reoffence event per person where possible: a state change that moves the
// crossing later leaves the pending event in place (it re-arms when it fires); only an
// earlier crossing needs a new event. Without this every contact would leave a stale event
// in the queue.
void Site::arm_offence_event(std::uint32_t s) {
  double at = people_.offence_day[s];
  if (std::isnan(at)) return;
  if (std::isnan(people_.offence_event_day[s]) || at < people_.offence_event_day[s]) {
    people_.offence_event_day[s] = at;
    schedule(at, kPriorityPerson, Reoffence{ref(s)});
  }
}

void Site::pause_offence_clock(std::uint32_t s) {
  people_.offence_day[s] = kNaN;
}

// A new offence leading to conviction: most reconvicted people go back to prison; others
// may get a new community measure. Either way a new at-risk episode begins in the
// community (immediately, or at the next release).
void Site::on(const Reoffence& e) {
  if (!valid(e.who)) return;
  std::uint32_t s = e.who.slot;
  if (now_ == people_.offence_event_day[s]) people_.offence_event_day[s] = kNaN;
  if (!(people_.offence_day[s] <= now_)) {  // the crossing moved later (or the clock paused)
    arm_offence_event(s);
    return;
  }
  people_.offence_day[s] = kNaN;
  auto& m = month_record();
  ++m.reconvictions;
  bool first_after_index = people_.has_index[s] && std::isnan(people_.reconviction_day[s]) &&
                           now_ >= people_.index_day[s];
  if (first_after_index) people_.reconviction_day[s] = now_;
  engine::RandomStream rng(frame_.seed, frame_.replicate, kPurposeSentence, people_.id[s],
                           people_.episode[s]);
  double p_prison = param(people_.entry_origin[s] == Origin::Prison
                              ? ParamId::recidivism_prison_probability
                              : ParamId::recidivism_prison_probability_community);
  if (rng.uniform() < p_prison) {
    if (people_.has_index[s] && std::isnan(people_.reimprisonment_day[s]) &&
        now_ >= people_.index_day[s])
      people_.reimprisonment_day[s] = now_;
    // The same two classes of sentence as a first entry: the release profile (67% in custody
    // under a year) is of all releases, recidivists included.
    SentenceMix mix = sentence_mix(params_);
    PrisonSentence sentence = draw_prison_sentence(rng, mix, mix.long_share, mix.long_pour_peine);
    people_.pour_peine[s] = sentence.pour_peine;
    start_custody(s, sentence.days, false);
    return;
  }
  if (rng.uniform() < param(ParamId::recidivism_community_probability)) {
    double days =
        engine::lognormal_mean_cv(rng, param(ParamId::entries_community_measure_mean_days),
                                  param(ParamId::entries_community_measure_cv));
    start_community_measure(s, days);  // restarts the episode when the person was unsupervised
    if (people_.episode_start[s] == now_) return;
  }
  start_episode(s);
}

}  // namespace spipsim::model
