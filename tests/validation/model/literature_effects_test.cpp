// The causal paths behind two literature effects (issue 10, item 7; docs/model.md §6, §8,
// §9; docs/validation.md "Effects against the literature"), each shown with extreme
// parameters on small-site (1 warm-up + 2 observed years). Directional comparisons use the
// same seed (common random numbers), so they compare the same people; their tolerance is 3
// standard errors of the difference computed as if the runs were independent (they share
// their people and draws, so the true one is smaller).
#include <gtest/gtest.h>

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
constexpr double kTolerance = 3.0;  // standard errors

ReplicateOutput run(const Overrides& overrides) {
  params::Scenario s = params::load_scenario(std::filesystem::path(SPIPSIM_SOURCE_DIR) /
                                             "scenarios" / "small-site.toml");
  params::apply_override(s, "run.years", "2");
  params::apply_override(s, "run.warmup_years", "1");
  for (const auto& [name, value] : overrides) params::apply_override(s, name, value);
  return run_replicate(s, 0, kSeed);
}

struct Share {
  double n = 0, k = 0;
  double p() const { return k / n; }
  double variance() const { return p() * (1 - p()) / n; }
};

// Reconviction within `days` of a community measure starting in the first 18 months (so that
// 6 months of follow-up fit in the window).
Share community_reconvicted(const ReplicateOutput& o, double days) {
  Share s;
  for (const PersonRecord& r : o.persons) {
    if (r.origin != Origin::Community || r.index_day > 18 * 30.44) continue;
    ++s.n;
    s.k += r.reconvicted && r.days_to_reconviction <= days;
  }
  return s;
}

// Contacts once a year against the reference schedule (§6, §9). Needs work and the breach
// path are switched off (surveillance only, no revocation) so that only the dose acts, and
// the plain effect is extreme (log hazard -3 at a full dose, untrained officers). A schedule
// of one contact a year, fully kept, is 7/365, 21/365 or 42/365 of the reference dose, so
// the people supervised at the normal schedule are reconvicted less. With the reference set
// to one contact a year the intensity is 1 for both schedules (the dose is then the share of
// the person's own schedule kept, as before issue 10 item 7) and the difference disappears.
TEST(LiteratureEffects, PlainSupervisionActsThroughTheDoseAgainstTheReferenceSchedule) {
  const Overrides dose_only = {{"training.rnr_share", "0"},
                               {"training.plain_supervision_effect", "-3"},
                               {"contact.surveillance_only", "true"},
                               {"violations.revocation_probability", "0"}};
  auto yearly = [](Overrides o) {
    for (const char* tier : {"high", "medium", "low"})
      o.push_back({std::string("contact.interval_") + tier + "_days", "365"});
    return o;
  };
  Share normal = community_reconvicted(run(dose_only), 182.6);
  Share sparse = community_reconvicted(run(yearly(dose_only)), 182.6);
  double se = std::sqrt(normal.variance() + sparse.variance());
  std::printf("reconvicted within 6 months, community measures: normal schedule %.4f (n %.0f), "
              "once a year %.4f (n %.0f), difference %.1f standard errors\n",
              normal.p(), normal.n, sparse.p(), sparse.n, (sparse.p() - normal.p()) / se);
  EXPECT_GT(sparse.p() - normal.p(), kTolerance * se);

  // The reference decides it: with a reference of one contact a year, once a year kept is a
  // full dose, and the sparse schedule is no worse than the normal one (its few contacts are
  // missed no more often than many).
  auto reference_yearly = [](Overrides o) {
    for (const char* tier : {"high", "medium", "low"})
      o.push_back({std::string("contact.dose_reference_") + tier + "_days", "365"});
    return o;
  };
  Share normal_old = community_reconvicted(run(reference_yearly(dose_only)), 182.6);
  Share sparse_old = community_reconvicted(run(reference_yearly(yearly(dose_only))), 182.6);
  double se_old = std::sqrt(normal_old.variance() + sparse_old.variance());
  std::printf("same with the reference at one contact a year: normal %.4f, once a year %.4f "
              "(%.1f standard errors)\n",
              normal_old.p(), sparse_old.p(), (sparse_old.p() - normal_old.p()) / se_old);
  EXPECT_LT(sparse_old.p() - normal_old.p(), kTolerance * se_old);
}

// The reference schedule acts only through the hazard's dose term: with both supervision
// effects at 0 it changes nobody's reconviction day (exact).
TEST(LiteratureEffects, TheReferenceScheduleActsOnlyThroughTheDoseEffects) {
  Overrides o = {{"training.plain_supervision_effect", "0"},
                 {"training.rnr_supervision_effect", "0"}};
  auto a = run(o);
  for (const char* tier : {"high", "medium", "low"})
    o.push_back({std::string("contact.dose_reference_") + tier + "_days", "365"});
  auto b = run(o);
  ASSERT_EQ(a.persons.size(), b.persons.size());
  for (std::size_t k = 0; k < a.persons.size(); ++k)
    ASSERT_EQ(a.persons[k].days_to_reconviction, b.persons[k].days_to_reconviction)
        << "person " << a.persons[k].id;
}

// Jobs arranged for the release day (§7, §8, §10): with no workshop place at all and everyone
// in need of skills and work, a detained person waits for a workshop forever. The wait must
// not stop the plan: the officer moves on to the employment referral, so jobs are still
// arranged for the release day, about as often as when nobody needs skills (measured 164 vs
// 169). Until issue 10 item 7 the plan stopped at the workshop: 75 vs 169, and the test failed.
TEST(LiteratureEffects, AWorkshopWaitDoesNotStopTheEmploymentReferralInPrison) {
  auto jobs_at_release = [](const char* skills_need) {
    auto o = run({{"profile.need_skills", skills_need},
                  {"profile.need_employment", "1"},
                  {"prison.workshop_places_per_100", "0"},
                  {"assessment.detection", "1"},
                  {"training.rnr_share", "0"},
                  {"insertion.reserved_jobs_per_100k", "1000"},
                  {"insertion.release_alignment", "true"},
                  {"partners.employment_places_per_100k", "1000"}});
    double n = 0;
    for (const PersonRecord& r : o.persons) n += r.job_at_release;
    return n;
  };
  double with_skills_need = jobs_at_release("1"), without = jobs_at_release("0");
  std::printf("jobs started at the index release: everyone needs skills (no workshop place) %.0f, "
              "nobody needs skills %.0f\n",
              with_skills_need, without);
  ASSERT_GT(without, 100) << "the harness arranges no job at all";
  // At least half (the skills need still costs a contact: the first one asks for the workshop
  // place).
  EXPECT_GT(with_skills_need, 0.5 * without);
}

}  // namespace
}  // namespace spipsim::model
