// One test per supervision process (issue 10, item 6), in the manner of OpenABM-Covid19's
// process tests: small-site with an extreme parameter, and an exact or a directional
// expectation that follows from the mechanism in docs/model.md §5-6 and §9. Runs are
// 1 warm-up + 2 observed years; directional comparisons use the same seed (common random
// numbers), so they compare the same people.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

using Overrides = std::vector<std::pair<std::string, std::string>>;
constexpr std::uint64_t kSeed = 20250101;

params::Scenario small_site(const Overrides& overrides) {
  params::Scenario s = params::load_scenario(std::filesystem::path(SPIPSIM_SOURCE_DIR) /
                                             "scenarios" / "small-site.toml");
  params::apply_override(s, "run.years", "2");
  params::apply_override(s, "run.warmup_years", "1");
  for (const auto& [name, value] : overrides) params::apply_override(s, name, value);
  return s;
}

ReplicateOutput run(const Overrides& overrides) {
  return run_replicate(small_site(overrides), 0, kSeed);
}

template <class Field>
double total(const ReplicateOutput& o, Field field) {
  double sum = 0;
  for (const MonthlySiteRecord& m : o.monthly) sum += double(m.*field);
  return sum;
}

double delivered_over_due(const ReplicateOutput& o) {
  return total(o, &MonthlySiteRecord::contacts_delivered) /
         total(o, &MonthlySiteRecord::contacts_due);
}

// Revocation (docs/model.md §6): probability 0 gives no revocation, whatever the breaches.
TEST(SupervisionProcess, RevocationProbabilityZeroGivesNoRevocation) {
  auto none = run({{"violations.revocation_probability", "0"}});
  EXPECT_GT(total(none, &MonthlySiteRecord::technical_violations), 0);
  EXPECT_EQ(total(none, &MonthlySiteRecord::revocations), 0);
  // The control can fail the other way: certain revocation at the first breach.
  auto all = run({{"violations.revocation_probability", "1"},
                  {"violations.revocation_threshold", "1"},
                  {"violations.graduated_response_share", "0"}});
  EXPECT_GT(total(all, &MonthlySiteRecord::revocations), 0);
}

// Caseload cap (§4): with a cap of 1, every community officer holds one case and everyone
// else waits unallocated: unallocated >= supervised - officers, every month.
TEST(SupervisionProcess, CaseloadCapOfOneLeavesPeopleUnallocated) {
  auto capped = run({{"allocation.caseload_cap", "1"}});
  for (const MonthlySiteRecord& m : capped.monthly)
    EXPECT_GE(double(m.unallocated), m.supervised - m.officers) << "month " << m.month;
  auto open = run({});
  EXPECT_EQ(total(open, &MonthlySiteRecord::unallocated), 0);
  // Unallocated cases are due all the same, so the share delivered falls.
  EXPECT_LT(delivered_over_due(capped), 0.5 * delivered_over_due(open));
}

// Staffing (§5): every interval is due whatever the staff, so more officers deliver a larger
// share of the due contacts, until everything due fits and only missed appointments remain.
// No travel time (travel.away_share = 0): the road to in-person contacts takes officer hours
// (docs/model.md §5), so with it the delivery saturates at a larger staff than 2x.
TEST(SupervisionProcess, MoreOfficersRaiseDeliveredOverDueUntilItSaturates) {
  std::vector<double> ratio;
  for (const char* scale : {"0.5", "0.75", "1", "2", "3"})
    ratio.push_back(delivered_over_due(
        run({{"staffing.officer_scale", scale}, {"travel.away_share", "0"}})));
  EXPECT_LT(ratio[0], ratio[1] - 0.02);
  EXPECT_LT(ratio[1], ratio[2]);
  EXPECT_LE(ratio[2], ratio[3] + 1e-9);
  // Saturated: the same people, the same appointments, only the staff differs.
  EXPECT_NEAR(ratio[3], ratio[4], 0.005);
  // Saturation is attendance: the ratio is below 1 by about the miss rate.
  EXPECT_LT(ratio[4], 1.0);
}

// Contact length under load (§5): without RNR practice or remote contacts a contact is planned
// at contact.minutes_in_person (45). With staff to spare every contact lasts exactly that; with
// a third of the staff the week's contacts are shortened, never below the floor
// contact.min_length_share (0.5).
TEST(SupervisionProcess, ContactsShortenUnderLoadDownToTheFloor) {
  auto hours_per_contact = [](const ReplicateOutput& o) {
    return total(o, &MonthlySiteRecord::hours_contacts) /
           (total(o, &MonthlySiteRecord::contacts_delivered) +
            total(o, &MonthlySiteRecord::contacts_missed));
  };
  // Ten times the staff: with the legal routes and partners that bind, three times left the odd
  // officer-week short (1.7e-5 of the hours), which is load, not a flaw of the rule. After the
  // recalibration of session 5 ten times still leaves a short week somewhere (6.5e-7 of the
  // hours; which officer-week was not traced), so the bound is 1e-5: a rule that shortened
  // contacts without load would miss it by orders of magnitude.
  Overrides o = {{"training.rnr_share", "0"}, {"staffing.officer_scale", "10"}};
  EXPECT_NEAR(hours_per_contact(run(o)), 0.75, 1e-5);
  o[1].second = "0.3";
  double squeezed = hours_per_contact(run(o));
  EXPECT_LT(squeezed, 0.95 * 0.75);
  EXPECT_GE(squeezed, 0.5 * 0.75 - 1e-9);
}

// The dose reaches the hazard (§6, §9), also for people nobody sees: with every officer in RNR
// practice and an extreme RNR effect (log hazard -3 at a full dose), a caseload cap of 1 leaves
// almost everyone under a community measure unallocated, their due intervals go undelivered,
// their dose stays at (or the weekly plan lowers it to) zero, and they lose the effect. So
// more of them are reconvicted within 6 months of the measure's start.
TEST(SupervisionProcess, UndeliveredContactsRaiseReconvictionThroughTheDose) {
  struct Share {
    double n = 0, k = 0;
    double p() const { return k / n; }
  };
  auto reconvicted_6m = [](const ReplicateOutput& o) {
    Share s;
    for (const PersonRecord& r : o.persons) {
      if (r.origin != Origin::Community || r.index_day > 18 * 30.44) continue;
      ++s.n;
      s.k += r.reconvicted && r.days_to_reconviction <= 182.6;
    }
    return s;
  };
  Overrides o = {{"training.rnr_share", "1"}, {"training.rnr_supervision_effect", "-3"}};
  Share open = reconvicted_6m(run(o));
  o.push_back({"allocation.caseload_cap", "1"});
  Share capped = reconvicted_6m(run(o));
  // Standard error of the difference as if the two runs were independent (they share their
  // people and draws, so the true one is smaller): the test asks for 3 of them.
  double se = std::sqrt(open.p() * (1 - open.p()) / open.n + capped.p() * (1 - capped.p()) / capped.n);
  std::printf("reconvicted within 6 months, community measures: open %.4f (n %.0f), cap of 1 %.4f "
              "(n %.0f), difference %.1f standard errors\n",
              open.p(), open.n, capped.p(), capped.n, (capped.p() - open.p()) / se);
  EXPECT_GT(capped.p() - open.p(), 3 * se);
}

// A staffing cut on the timeline reaches hazards (§6, §14): the community officers fall to a
// fifth and caseloads are capped at 10, so the officers left are not overloaded and the cases
// they cannot take wait unallocated, lose their officer's practice and, week after week, their
// dose (due intervals, no delivery): they lose the (extreme) RNR effect. The base run has a
// change on the same date that leaves staff and cap as they are. Reconvictions in the year
// after the cut rise by more than 3 standard errors (Poisson counts). Measured 6.1; with the
// weekly dose update of unallocated cases switched off, 5.3 (before the refresh on losing the
// officer was added): most of the rise comes from the lost practice, so this test does not
// isolate the weekly update. Without travel time (travel.away_share = 0), which would take
// officer hours from the base run too and narrow the gap (2.2 standard errors with it).
TEST(SupervisionProcess, AStaffingCutUnderACapRaisesReconvictions) {
  using namespace std::chrono;
  auto reconvictions_after_cut = [](double scale, double cap) {
    params::Scenario s = small_site({{"training.rnr_share", "1"},
                                     {"training.rnr_supervision_effect", "-3"},
                                     {"travel.away_share", "0"}});
    s.timeline.push_back({year{2025} / July / 1,
                          {{params::ParamId::staffing_officer_scale, params::Value{scale, ""}},
                           {params::ParamId::allocation_caseload_cap, params::Value{cap, ""}}},
                          "test"});
    auto o = run_replicate(s, 0, kSeed);
    double n = 0;
    for (const MonthlySiteRecord& m : o.monthly)
      if (m.month >= 6 && m.month < 18) n += m.reconvictions;
    return n;
  };
  double base = reconvictions_after_cut(1.0, 0), cut = reconvictions_after_cut(0.2, 10);
  double se = std::sqrt(base + cut);
  std::printf("reconvictions in the year after the cut: base %.0f, cut %.0f (%.1f standard errors)\n",
              base, cut, (cut - base) / se);
  EXPECT_GT(cut - base, 3 * se);
}

// Remote contacts (§5): with every community contact remote and staff to spare, contact
// hours are community contacts x remote minutes + prison contacts x in-person minutes.
// Two runs that differ only by the remote minutes give the community contacts from the
// difference in hours, and the accounting must then close exactly.
TEST(SupervisionProcess, RemoteShareOneGivesHoursOfRemoteContacts) {
  // Ten times the staff: with vacancies, training and ramp-up (issue 11) three times left the
  // odd officer-week short, so the remote length changed who was seen.
  Overrides base = {{"digital.remote_share", "1"},
                    {"staffing.officer_scale", "10"},
                    {"training.rnr_share", "0"}};
  Overrides longer = base;
  base.push_back({"contact.minutes_remote", "10"});
  longer.push_back({"contact.minutes_remote", "20"});
  auto a = run(base), b = run(longer);
  double held = total(a, &MonthlySiteRecord::contacts_delivered) +
                total(a, &MonthlySiteRecord::contacts_missed);
  ASSERT_EQ(held, total(b, &MonthlySiteRecord::contacts_delivered) +
                      total(b, &MonthlySiteRecord::contacts_missed))
      << "with staff to spare the remote length must not change who is seen";
  double hours_a = total(a, &MonthlySiteRecord::hours_contacts);
  double community = (total(b, &MonthlySiteRecord::hours_contacts) - hours_a) / (10.0 / 60.0);
  double prison = held - community;
  EXPECT_GT(community, 0.5 * held);
  EXPECT_NEAR(community, std::round(community), 1e-6);
  EXPECT_NEAR(hours_a, community * 10.0 / 60.0 + prison * 45.0 / 60.0, 1e-6 * hours_a);
}

// A count per person-year under supervision (month-end stocks: person-months), base against
// variant: the log of the ratio and its standard error as Poisson counts, as if independent
// (under common random numbers the true one is smaller; the person-years are nearly fixed).
struct RateChange {
  double base, variant, log_ratio, se;
};
template <class Field>
RateChange per_supervised_year(const ReplicateOutput& base, const ReplicateOutput& variant,
                               Field field) {
  double b = total(base, field), v = total(variant, field);
  double rb = b / (total(base, &MonthlySiteRecord::supervised) / 12.0);
  double rv = v / (total(variant, &MonthlySiteRecord::supervised) / 12.0);
  RateChange r{rb, rv, std::log(rv / rb), std::sqrt(1 / b + 1 / v)};
  std::printf("per supervised year: %.4f -> %.4f (%+.1f%%, %.1f standard errors)\n", rb, rv,
              100 * (rv / rb - 1), r.log_ratio / r.se);
  return r;
}

// Detection (§6): a check that finds nothing records no breach, so no revocation either;
// nor does a population that never fails its obligations.
TEST(SupervisionProcess, NoDetectionOrNoNonComplianceGivesNoBreach) {
  for (const char* key : {"violations.detection_probability", "violations.noncompliance_per_year"}) {
    auto none = run({{key, "0"}, {"violations.revocation_threshold", "1"},
                     {"violations.revocation_probability", "1"}});
    EXPECT_EQ(total(none, &MonthlySiteRecord::technical_violations), 0) << key;
    EXPECT_EQ(total(none, &MonthlySiteRecord::revocations), 0) << key;
  }
}

// Non-compliance runs in time, detection at the checks (§6): halving every community contact
// interval, with staff to spare so that every due appointment is held, doubles the checks.
// With the default detection window (30 days) it finds more breaches, but far fewer than
// twice as many; with a window of ten years nearly every episode is found at some check, so
// the breaches do not depend on how often people are seen (expected ratio 1.003): within 3
// standard errors of 1 (Poisson counts, as if independent; under common random numbers the
// true one is smaller). Surveillance only, no revocation, no travel: the same people are
// supervised in both runs, since the dose's intensity is capped at the reference schedule.
TEST(SupervisionProcess, DoublingContactsDoesNotDoubleBreaches) {
  auto breaches_and_checks = [](const char* window, bool halved) {
    Overrides o = {{"contact.surveillance_only", "true"},
                   {"violations.revocation_probability", "0"},
                   {"violations.detection_window_days", window},
                   {"staffing.officer_scale", "10"},
                   {"travel.away_share", "0"}};
    if (halved)
      o.insert(o.end(), {{"contact.interval_high_days", "3.5"},
                         {"contact.interval_medium_days", "10.5"},
                         {"contact.interval_low_days", "21"}});
    auto out = run(o);
    return std::pair{total(out, &MonthlySiteRecord::technical_violations),
                     total(out, &MonthlySiteRecord::contacts_delivered) +
                         total(out, &MonthlySiteRecord::contacts_missed)};
  };
  auto [normal, normal_checks] = breaches_and_checks("30", false);
  auto [doubled, doubled_checks] = breaches_and_checks("30", true);
  std::printf("window 30 days: checks x%.3f, breaches %.0f -> %.0f (x%.3f)\n",
              doubled_checks / normal_checks, normal, doubled, doubled / normal);
  EXPECT_GT(doubled_checks, 1.8 * normal_checks);
  EXPECT_GT(doubled, normal + 3 * std::sqrt(normal + doubled)) << "more checks find more";
  EXPECT_LT(doubled, 1.5 * normal) << "but far from twice as many";
  auto [long_normal, c1] = breaches_and_checks("3650", false);
  auto [long_doubled, c2] = breaches_and_checks("3650", true);
  double se = std::sqrt(long_normal + long_doubled);
  std::printf("window 3650 days: breaches %.0f -> %.0f (%.1f standard errors)\n", long_normal,
              long_doubled, (long_doubled - long_normal) / se);
  EXPECT_LT(std::abs(long_doubled - long_normal), 3 * se);
}

// Practice and breaches (§6): surveillance-only officers record more episodes as breaches
// (violations.surveillance_detection_factor = 2, detection 0.5 -> 1).
TEST(SupervisionProcess, SurveillanceOnlyFindsMoreTechnicalViolations) {
  auto ebp = run({});
  auto surveillance = run({{"contact.surveillance_only", "true"}});
  EXPECT_GT(total(surveillance, &MonthlySiteRecord::technical_violations),
            1.5 * total(ebp, &MonthlySiteRecord::technical_violations));
}

// A caseload cut under surveillance only (§6; Petersilia & Turner 1993): more officers hold
// more of the due appointments, the checks come closer together and find more breaches per
// person-year under supervision. Travel on, as in the validation: the base loses contacts to
// the road. More than 3 standard errors (Poisson counts, as if independent).
TEST(SupervisionProcess, ACaseloadCutUnderSurveillanceFindsMoreTechnicalViolations) {
  auto base = run({{"contact.surveillance_only", "true"}});
  auto cut = run({{"contact.surveillance_only", "true"}, {"staffing.officer_scale", "1.96"}});
  std::printf("technical violations ");
  auto r = per_supervised_year(base, cut, &MonthlySiteRecord::technical_violations);
  EXPECT_GT(r.log_ratio, 3 * r.se);
}

// Graduated responses (§6): when every officer practises RNR, answers every breach with a
// graduated response and has time to spare, no breach reaches the judge: no revocation at
// all. The answered share scales with the officer's time: the same officers at a third of
// the staff report breaches, and so does a surveillance-only service, which answers none.
TEST(SupervisionProcess, GraduatedResponsesNeedPracticeAndTime) {
  Overrides all_trained = {{"training.rnr_share", "1"},
                           {"violations.graduated_response_share", "1"},
                           {"staffing.officer_scale", "10"}};
  auto graduated = run(all_trained);
  EXPECT_GT(total(graduated, &MonthlySiteRecord::technical_violations), 0);
  EXPECT_EQ(total(graduated, &MonthlySiteRecord::revocations), 0);
  Overrides overloaded = all_trained;
  overloaded[2].second = "0.3";
  EXPECT_GT(total(run(overloaded), &MonthlySiteRecord::revocations), 0) << "no time to answer";
  Overrides surveillance = all_trained;
  surveillance.push_back({"contact.surveillance_only", "true"});
  EXPECT_GT(total(run(surveillance), &MonthlySiteRecord::revocations), 0) << "reports all";
  all_trained[1].second = "0";
  EXPECT_GT(total(run(all_trained), &MonthlySiteRecord::revocations), 0);
}

// A caseload cut under evidence-based practice (§6; Jalbert et al., NIJ 2011): the officers'
// time lets them answer more breaches with graduated responses, so fewer breaches reach the
// judge, although the closer checks find more. Every reported breach is a revocation here
// (threshold 1, probability 1), so revocations count the reported breaches, and an officer
// with time to spare answers every breach (graduated_response_share 1): the base's officers,
// short of time, report a share, the cut's few. Revocations per person-year under
// supervision fall by more than 3 standard errors (Poisson counts, as if independent).
// Travel on, as in the validation. (With the default share 0.5 small-site measured -3.1%,
// -0.7 standard errors, in one replicate: docs/model.md §6 gives the five départements.)
TEST(SupervisionProcess, ACaseloadCutWithEvidenceBasedPracticeReportsFewerBreaches) {
  Overrides o = {{"training.rnr_share", "1"},
                 {"violations.graduated_response_share", "1"},
                 {"violations.revocation_threshold", "1"},
                 {"violations.revocation_probability", "1"}};
  auto base = run(o);
  o.push_back({"staffing.officer_scale", "1.96"});
  auto cut = run(o);
  std::printf("breaches found %.0f -> %.0f; reported breaches (revocations) ",
              total(base, &MonthlySiteRecord::technical_violations),
              total(cut, &MonthlySiteRecord::technical_violations));
  auto r = per_supervised_year(base, cut, &MonthlySiteRecord::revocations);
  EXPECT_LT(r.log_ratio, -3 * r.se);
}

// Training of recruits (docs/model.md, workforce): with training.rnr_share = 1 every officer in
// post is selected for RNR training, including the posts the monthly workforce step creates
// during the run (they stayed untrained before branch recal). The training cost counts trained
// officers in post, so it equals officers / 12 x the cost every month. The run is long enough
// (1 + 6 years) that the workforce step creates posts: the officer count changes.
TEST(SupervisionProcess, RecruitsAreTrainedLikeEveryOfficer) {
  params::Scenario s = small_site({{"training.rnr_share", "1"}});
  params::apply_override(s, "run.years", "6");
  auto out = run_replicate(s, 0, kSeed);
  double cost = s.values.real(params::ParamId::training_cost_eur_per_officer_year);
  ASSERT_GT(cost, 0);
  double lowest = 1e9, highest = 0;
  for (const MonthlySiteRecord& m : out.monthly) {
    lowest = std::min(lowest, m.officers);
    highest = std::max(highest, m.officers);
    EXPECT_NEAR(m.cost_training_eur, m.officers / 12.0 * cost, 1e-6 * cost)
        << "month " << m.month << ": " << m.officers << " officers in post";
  }
  EXPECT_LT(lowest, highest) << "no post created or closed: the test would cover no recruit";
}

// Surveillance only (§4-6): contacts check compliance, so trained officers practise no RNR:
// training then changes nothing but the course and coaching hours (set to 0 here).
TEST(SupervisionProcess, TrainingDoesNothingUnderSurveillanceOnly) {
  Overrides o = {{"contact.surveillance_only", "true"},
                 {"training.course_hours", "0"},
                 {"training.coaching_hours_per_month", "0"},
                 {"training.rnr_share", "0"}};
  auto untrained = run(o);
  o.back().second = "1";
  auto trained = run(o);
  ASSERT_EQ(untrained.persons.size(), trained.persons.size());
  for (std::size_t k = 0; k < trained.persons.size(); ++k)
    ASSERT_EQ(untrained.persons[k].days_to_reconviction, trained.persons[k].days_to_reconviction)
        << "person " << trained.persons[k].id;
  EXPECT_EQ(total(untrained, &MonthlySiteRecord::hours_contacts),
            total(trained, &MonthlySiteRecord::hours_contacts));
}

// Training lag (§4): training everyone at a date with lag L, no course hours and no
// coaching hours changes nothing before the date + L, and changes contact hours after it.
// Both runs carry a timeline change on the same date (the base one sets the share to its
// own value), so the only difference is the share.
TEST(SupervisionProcess, TrainingChangesNothingBeforeItsLag) {
  using namespace std::chrono;
  Overrides o = {{"training.lag_days", "365"},
                 {"training.course_hours", "0"},
                 {"training.coaching_hours_per_month", "0"},
                 {"training.rnr_share", "0.2"}};
  auto with_share = [&](double share) {
    params::Scenario s = small_site(o);
    s.timeline.push_back({year{2025} / July / 1,
                          {{params::ParamId::training_rnr_share, params::Value{share, ""}}},
                          "test"});
    return run_replicate(s, 0, kSeed);
  };
  auto base = with_share(0.2), trained = with_share(1.0);
  ASSERT_EQ(base.monthly.size(), trained.monthly.size());
  // 2025-07-01 + 365 days = 2026-07-01: month 18 of the window opening 2025-01-01.
  bool differs_after = false;
  for (std::size_t k = 0; k < base.monthly.size(); ++k) {
    const MonthlySiteRecord &x = base.monthly[k], &y = trained.monthly[k];
    bool same = x.contacts_due == y.contacts_due && x.contacts_delivered == y.contacts_delivered &&
                x.contacts_missed == y.contacts_missed && x.hours_contacts == y.hours_contacts &&
                x.reconvictions == y.reconvictions && x.revocations == y.revocations &&
                x.technical_violations == y.technical_violations &&
                x.assessments == y.assessments && x.supervised == y.supervised &&
                x.detained == y.detained && x.employed == y.employed;
    if (x.month < 18)
      EXPECT_TRUE(same) << "month " << x.month << " changed before the lag";
    else
      differs_after |= !same;
  }
  EXPECT_TRUE(differs_after) << "practice never reached the contacts";
}

// The checking build (issue 10, item 6): Site::check_invariants after every event of
// small-site, with a staffing cut and a training change on the timeline so that cases are
// moved between officers and practice changes mid-run.
TEST(SupervisionProcess, InvariantsHoldAfterEveryEvent) {
  using namespace std::chrono;
  params::Scenario s = small_site({{"run.years", "1"}, {"allocation.caseload_cap", "80"}});
  s.timeline.push_back({year{2025} / March / 1,
                        {{params::ParamId::staffing_officer_scale, params::Value{0.6, ""}},
                         {params::ParamId::training_rnr_share, params::Value{0.8, ""}}},
                        "test"});
  RunControl control;
  control.check_invariants = true;
  EXPECT_NO_THROW(run_replicate(s, 0, kSeed, control));
}

}  // namespace
}  // namespace spipsim::model
