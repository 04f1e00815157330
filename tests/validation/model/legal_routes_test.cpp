// One test per legal route (docs/model.md, "Legal routes"), each with extreme parameters and
// an exact or a directional expectation, in the manner of OpenABM-Covid19's process tests.
// Every run is small-site (Côte-d'Or) over two years. Where a test is exact, it removes what
// would cut a measure short on purpose: no reconviction, no revocation, no moves.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

namespace fs = std::filesystem;
using Overrides = std::vector<std::pair<std::string, std::string>>;

constexpr std::uint64_t kSeed = 20250101;
constexpr double kExact = 1e-6;  // days: the only error is floating-point rounding

ReplicateOutput run(const Overrides& overrides) {
  params::Scenario s =
      params::load_scenario(fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml");
  params::apply_override(s, "run.years", "2");
  for (const auto& [name, value] : overrides) params::apply_override(s, name, value);
  return run_replicate(s, 0, kSeed);
}

// Nothing ends a custody spell or a measure except its own route.
Overrides undisturbed() {
  Overrides o = {{"violations.revocation_probability", "0"},
                 {"mobility.moves_per_year", "0"},
                 {"pretrial.share", "0"},
                 {"sentence.ab_initio_share", "0"},
                 {"sentence.ssj_share", "0"}};
  for (const char* band : {"0_1m", "1_6m", "6_12m", "12_24m", "24_36m", "36_60m", "60_plusm"})
    o.push_back({std::string("recidivism.baseline_") + band, "0"});
  return o;
}

Overrides with(Overrides base, const Overrides& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

// Nobody has or finds a dwelling: no housing on entry, no offers, no housing partner.
const Overrides kNobodyHoused = {{"profile.need_housing", "1"},
                                 {"housing.offers_per_1000_per_year", "0"},
                                 {"partners.housing_places_per_100k", "0"},
                                 {"insertion.housing_quota_per_100k", "0"}};

bool released(const PersonRecord& r) {
  return r.origin == Origin::Prison && r.release_type != ReleaseType::None;
}

template <class F>
double monthly_sum(const ReplicateOutput& out, F field) {
  double sum = 0;
  for (const MonthlySiteRecord& m : out.monthly) sum += field(m);
  return sum;
}

// Every release is reviewed at two thirds of the term and adjusted: custody ends at two
// thirds (exact), and DDSE, semi-liberté and placement extérieur end at the term (exact), so
// custody plus the measure is the term. The stock, whose review day was before day 0, leaves
// at the term.
TEST(LegalRoutes, AmenagementReplacesTheEndOfCustodyAndEndsAtTheTerm) {
  ReplicateOutput out = run(with(undisturbed(), {{"release.amenagement_prepared", "1"},
                                                 {"release.amenagement_unprepared", "1"},
                                                 {"regime.rules", "2016"}}));
  int adjusted = 0, ended = 0;
  for (const PersonRecord& r : out.persons) {
    if (!released(r)) continue;
    ASSERT_FALSE(std::isnan(r.sentence_days));
    if (r.release_type == ReleaseType::SortieSeche) {
      EXPECT_NEAR(r.custody_days, r.sentence_days, kExact) << "a sortie sèche serves the term";
      continue;
    }
    ++adjusted;
    EXPECT_NEAR(r.custody_days, 0.6667 * r.sentence_days, kExact);
    EXPECT_NE(r.release_type, ReleaseType::LiberationConditionnelle);
    if (std::isnan(r.measure_end_day)) continue;  // still under the measure at the end
    ++ended;
    EXPECT_NEAR(r.custody_days + (r.measure_end_day - r.index_day), r.sentence_days, kExact)
        << "the measure ends at the sentence term";
  }
  EXPECT_GT(adjusted, 100);
  EXPECT_GT(ended, 50);
}

// A libération conditionnelle carries its own follow-up beyond the term, and is costed as
// conditional release, not as electronic monitoring.
TEST(LegalRoutes, ConditionalReleaseSupervisesBeyondTheTerm) {
  ReplicateOutput out = run(with(undisturbed(), {{"release.amenagement_prepared", "1"},
                                                 {"release.amenagement_unprepared", "1"},
                                                 {"release.share_em", "0"},
                                                 {"release.share_semi_liberte", "0"},
                                                 {"release.share_placement_exterieur", "0"},
                                                 {"release.share_conditionnelle", "1"},
                                                 {"release.lc_supervision_beyond_term_days", "100"},
                                                 {"sentence.community_share_ddse", "0"},
                                                 {"regime.rules", "2016"}}));
  int ended = 0;
  for (const PersonRecord& r : out.persons) {
    if (!released(r) || r.release_type != ReleaseType::LiberationConditionnelle) continue;
    if (std::isnan(r.measure_end_day)) continue;
    ++ended;
    EXPECT_NEAR(r.measure_end_day - r.index_day, r.sentence_days - r.custody_days + 100, kExact);
  }
  EXPECT_GT(ended, 20);
  EXPECT_GT(monthly_sum(out, [](const auto& m) { return m.conditional_release_days; }), 0);
  EXPECT_EQ(monthly_sum(out, [](const auto& m) { return m.electronic_monitoring_days; }), 0)
      << "no DDSE anywhere: LC must not be counted as electronic monitoring";
}

// 2023 rules: with no aménagement at the review, everyone housed and nobody excluded, a
// sentence of two years or less ends three months before the term (exact); a longer one at
// the term. Under the 2016 rules nobody gets it.
TEST(LegalRoutes, LiberationSousContrainteByRightOnlyUnderThe2023Rules) {
  Overrides base = with(undisturbed(), {{"release.amenagement_prepared", "0"},
                                        {"release.amenagement_unprepared", "0"},
                                        {"release.lsc_by_right_excluded_share", "0"},
                                        {"profile.need_housing", "0"},
                                        {"housing.loss_per_year", "0"}});
  ReplicateOutput rules2023 = run(with(base, {{"regime.rules", "2023"}}));
  int by_right = 0;
  for (const PersonRecord& r : rules2023.persons) {
    if (!released(r)) continue;
    if (r.sentence_days <= 730.5 && r.sentence_days > 91.3) {
      ++by_right;
      EXPECT_TRUE(is_supervised_release(r.release_type));
      EXPECT_NEAR(r.custody_days, r.sentence_days - 91.3, kExact);
    } else {
      EXPECT_EQ(r.release_type, ReleaseType::SortieSeche);
      EXPECT_NEAR(r.custody_days, r.sentence_days, kExact);
    }
  }
  EXPECT_GT(by_right, 100);
  EXPECT_GT(monthly_sum(rules2023, [](const auto& m) { return m.releases_lsc_by_right; }), 100);

  ReplicateOutput rules2016 = run(with(base, {{"regime.rules", "2016"}}));
  for (const PersonRecord& r : rules2016.persons) {
    if (!released(r)) continue;
    EXPECT_EQ(r.release_type, ReleaseType::SortieSeche);
    EXPECT_NEAR(r.custody_days, r.sentence_days, kExact);
  }
  EXPECT_EQ(monthly_sum(rules2016, [](const auto& m) { return m.releases_lsc_by_right; }), 0);
}

// The rules are dated: 2016 rules until a [[change]] on 1 January 2026 (month 12 of the
// window), 2023 rules after it. The LSC by right appears on the change's date, not before.
TEST(LegalRoutes, DatedRegimeChangeAppliesTheNewRulesFromItsDate) {
  fs::path dir = fs::temp_directory_path() / "spipsim_legal_routes_test";
  fs::create_directories(dir);
  fs::path file = dir / "regime-change.toml";
  {
    std::ofstream out(file);
    out << "extends = \"" << (fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml").string()
        << "\"\n[run]\nyears = 2.0\n[regime]\nrules = \"2016\"\n"
        << "[[change]]\nat = 2026-01-01\nregime.rules = \"2023\"\n";
  }
  params::Scenario s = params::load_scenario(file);
  ReplicateOutput out = run_replicate(s, 0, kSeed);
  fs::remove_all(dir);
  // Months are 30.4375 days: the change (day 365 of the window) falls a quarter of a day
  // before month 12 opens, so month 11 straddles it and is left out of both counts.
  double before = 0, after = 0;
  for (const MonthlySiteRecord& m : out.monthly)
    if (m.month != 11) (m.month < 11 ? before : after) += m.releases_lsc_by_right;
  EXPECT_EQ(before, 0) << "2016 rules: no libération sous contrainte by right";
  EXPECT_GT(after, 20) << "2023 rules from the change's date";
}

// "Unless there is no housing": nobody housed, nobody released by right.
TEST(LegalRoutes, NoHousingNoLiberationSousContrainteByRight) {
  ReplicateOutput out = run(with(with(undisturbed(), kNobodyHoused),
                                 {{"regime.rules", "2023"},
                                  {"release.lsc_by_right_excluded_share", "0"},
                                  {"release.amenagement_prepared", "0"},
                                  {"release.amenagement_unprepared", "0"}}));
  EXPECT_EQ(monthly_sum(out, [](const auto& m) { return m.releases_lsc_by_right; }), 0);
  EXPECT_EQ(monthly_sum(out, [](const auto& m) { return m.releases_supervised; }), 0);
  EXPECT_GT(monthly_sum(out, [](const auto& m) { return m.releases; }), 100);
}

// Preparation required and nobody prepared (nobody housed): no aménagement at release nor
// before incarceration, even with every judge willing.
TEST(LegalRoutes, PreparationRequiredWithNobodyPreparedGivesNoAmenagement) {
  ReplicateOutput out = run(with(kNobodyHoused, {{"release.preparation_required", "true"},
                                                 {"release.amenagement_prepared", "1"},
                                                 {"release.amenagement_unprepared", "1"},
                                                 {"sentence.ab_initio_share", "1"}}));
  for (const PersonRecord& r : out.persons) {
    if (released(r)) {
      EXPECT_FALSE(is_supervised_release(r.release_type));
    }
  }
  EXPECT_EQ(monthly_sum(out, [](const auto& m) { return m.releases_supervised; }), 0);
  EXPECT_EQ(monthly_sum(out, [](const auto& m) { return m.ab_initio; }), 0);
  EXPECT_GT(monthly_sum(out, [](const auto& m) { return m.releases; }), 100);
}

// Art. 723-15: every eligible short sentence adjusted before incarceration costs the SPIP
// its investigation hours; with the share at 0 there are none.
TEST(LegalRoutes, AmenagementBeforeIncarcerationTakesInvestigationHours) {
  ReplicateOutput none = run({{"sentence.ab_initio_share", "0"}});
  EXPECT_EQ(monthly_sum(none, [](const auto& m) { return m.ab_initio; }), 0);
  EXPECT_EQ(monthly_sum(none, [](const auto& m) { return m.hours_investigation; }), 0);
  ReplicateOutput all = run({{"sentence.ab_initio_share", "1"}, {"sentence.investigation_hours", "5"}});
  double cases = monthly_sum(all, [](const auto& m) { return m.ab_initio; });
  double hours = monthly_sum(all, [](const auto& m) { return m.hours_investigation; });
  EXPECT_GT(cases, 50);
  // Hours owed are done within the week: at most one week's cases (about 10) are still owed at
  // the end, and the hours of the warm-up's last week's cases may be done in the first observed
  // week (they count as hours, not as observed cases).
  EXPECT_LE(hours, 5 * (cases + 10) + 1e-9);
  EXPECT_GT(hours, 5 * (cases - 10));
}

// TIG host places 0: no TIG starts, and every TIG sentence ends unserved at its deadline.
TEST(LegalRoutes, NoTigHostPlaceGivesNoTigStarted) {
  ReplicateOutput none = run({{"sentence.tig_host_places_per_100k", "0"}});
  EXPECT_EQ(monthly_sum(none, [](const auto& m) { return m.tig_started; }), 0);
  EXPECT_EQ(monthly_sum(none, [](const auto& m) { return m.tig_days; }), 0);
  EXPECT_GT(monthly_sum(none, [](const auto& m) { return m.tig_unserved; }), 0);
  ReplicateOutput some = run({});
  EXPECT_GT(monthly_sum(some, [](const auto& m) { return m.tig_started; }), 0);
  EXPECT_GT(monthly_sum(some, [](const auto& m) { return m.tig_days; }), 0);
}

// Pre-trial share 0: no prévenus, no remand days. At the default, about a quarter of the
// detained are on remand (shown, not asserted: it is a calibration target, not a law).
TEST(LegalRoutes, PretrialShareZeroGivesNoPrevenus) {
  ReplicateOutput none = run({{"pretrial.share", "0"}});
  EXPECT_EQ(monthly_sum(none, [](const auto& m) { return m.detained_pretrial; }), 0);
  EXPECT_EQ(monthly_sum(none, [](const auto& m) { return m.pretrial_entries; }), 0);
  EXPECT_EQ(monthly_sum(none, [](const auto& m) { return m.pretrial_days; }), 0);
  ReplicateOutput some = run({});
  double pretrial = monthly_sum(some, [](const auto& m) { return m.detained_pretrial; });
  double detained = monthly_sum(some, [](const auto& m) { return m.detained; });
  EXPECT_GT(pretrial, 0);
  std::printf("prévenus among detained at the default: %.1f%%\n", 100 * pretrial / detained);
}

// Costs are the days actually spent in each status times that status's cost per day
// (distinct rates, so a status costed at another's rate fails), and every status is used.
TEST(LegalRoutes, CostsAreDaysTimesCostPerDayOfEachStatus) {
  ReplicateOutput out = run({{"costs.detention_eur_per_day", "101"},
                             {"costs.milieu_ouvert_eur_per_day", "3"},
                             {"costs.electronic_monitoring_eur_per_day", "13"},
                             {"costs.semi_liberte_eur_per_day", "57"},
                             {"costs.placement_exterieur_eur_per_day", "41"},
                             {"costs.conditional_release_eur_per_day", "7"},
                             {"costs.tig_eur_per_day", "2"},
                             {"release.share_conditionnelle", "0.2"}});
  const double month = 365.25 / 12;
  for (const MonthlySiteRecord& m : out.monthly) {
    EXPECT_DOUBLE_EQ(m.cost_prison_eur, 101 * m.prison_days);
    EXPECT_DOUBLE_EQ(m.cost_community_eur, 3 * m.community_days);
    EXPECT_DOUBLE_EQ(m.cost_electronic_monitoring_eur, 13 * m.electronic_monitoring_days);
    EXPECT_DOUBLE_EQ(m.cost_semi_liberte_eur, 57 * m.semi_liberte_days);
    EXPECT_DOUBLE_EQ(m.cost_placement_exterieur_eur, 41 * m.placement_exterieur_days);
    EXPECT_DOUBLE_EQ(m.cost_conditional_release_eur, 7 * m.conditional_release_days);
    EXPECT_DOUBLE_EQ(m.cost_tig_eur, 2 * m.tig_days);
    EXPECT_LE(m.pretrial_days, m.prison_days);
    // Days are person-days within the month: never more than everyone present all month.
    double people = m.detained + m.supervised;
    EXPECT_LT(m.prison_days + m.community_days + m.electronic_monitoring_days +
                  m.semi_liberte_days + m.placement_exterieur_days +
                  m.conditional_release_days + m.tig_days,
              2 * people * month);
  }
  for (auto days : {&MonthlySiteRecord::pretrial_days, &MonthlySiteRecord::prison_days,
                    &MonthlySiteRecord::community_days,
                    &MonthlySiteRecord::electronic_monitoring_days,
                    &MonthlySiteRecord::semi_liberte_days,
                    &MonthlySiteRecord::placement_exterieur_days,
                    &MonthlySiteRecord::conditional_release_days, &MonthlySiteRecord::tig_days})
    EXPECT_GT(monthly_sum(out, [days](const auto& m) { return m.*days; }), 0);
  std::printf("total %.0f EUR over %d months\n",
              out.cost_prison_eur + out.cost_community_eur + out.cost_electronic_monitoring_eur +
                  out.cost_semi_liberte_eur + out.cost_placement_exterieur_eur +
                  out.cost_conditional_release_eur + out.cost_tig_eur,
              out.months);
}

// The release decisions of a custody spell (the review, the libération sous contrainte by
// right, the end of custody at the term) form a chain (site_routes.cpp): only the earliest is
// queued, and one that does not release the person queues the next, or decides it at once when
// it falls on the same instant. These runs force every decision either way and check where
// each custody ends, exactly: a link of the chain that is dropped leaves people in prison, one
// decided on the wrong day moves the end.
// Nothing ends a custody spell but its own decisions, every judge at the review says `review`
// (1: aménagement, 0: none), and under the 2016 rules the decision on the libération sous
// contrainte by right always declines. `pretrial_share` 1: every sentence starts with a remand
// (none released at its end).
Overrides forced(const char* review, const char* pretrial_share) {
  return with(undisturbed(), {{"pretrial.share", pretrial_share},
                              {"pretrial.release_share", "0"},
                              {"release.amenagement_prepared", review},
                              {"release.amenagement_unprepared", review},
                              {"regime.rules", "2016"}});
}

// Every decision declines until the term: each hands on to the next, and everyone leaves at
// the term, also after a remand that served past the review (decided at once at sentencing)
// or past the whole term (the end of custody at once).
TEST(ReleaseDecisions, DeclinedDecisionsHandOnToTheEndOfCustody) {
  for (const char* pretrial : {"0", "1"}) {
    SCOPED_TRACE(std::string("pretrial.share = ") + pretrial);
    ReplicateOutput out = run(forced("0", pretrial));
    int released_at_term = 0, served_past_term = 0;
    for (const PersonRecord& r : out.persons) {
      if (!released(r)) continue;
      EXPECT_EQ(r.release_type, ReleaseType::SortieSeche);
      EXPECT_GE(r.custody_days, r.sentence_days - kExact);
      if (r.custody_days > r.sentence_days + kExact) {
        ++served_past_term;  // a remand longer than the term: released at sentencing
      } else {
        ++released_at_term;
      }
    }
    EXPECT_GT(released_at_term, 200) << "nobody left at the term: the chain stopped";
    if (std::string(pretrial) == "1") {
      EXPECT_GT(served_past_term, 10);
    } else {
      EXPECT_EQ(served_past_term, 0);
    }
  }
}

// Every review grants an aménagement: custody ends at the review, two thirds of the term, or
// at sentencing when the remand served past it (the review held at once).
TEST(ReleaseDecisions, TheReviewReleasesAtItsDayOrAtOnceAfterARemand) {
  ReplicateOutput out = run(forced("1", "1"));
  int at_review = 0, at_sentencing = 0;
  for (const PersonRecord& r : out.persons) {
    if (!released(r) || r.release_type == ReleaseType::SortieSeche) continue;
    if (std::abs(r.custody_days - 0.6667 * r.sentence_days) < kExact) {
      ++at_review;
    } else {
      EXPECT_GT(r.custody_days, 0.6667 * r.sentence_days) << "released before the review";
      ++at_sentencing;
    }
  }
  EXPECT_GT(at_review, 100);
  EXPECT_GT(at_sentencing, 10);
}

// A review keeps the day set when its custody began, whatever release.review_fraction becomes
// later: a [[change]] a year into the window raises it from 0.5 to 0.9, and each adjusted
// release comes at the fraction in force at the start of its spell. Spells of 300 to 600 days
// have their libération sous contrainte by right (300 days before the term, declining under
// the 2016 rules) before the review, which is then not yet queued when the change comes: it
// must keep its day all the same (site_policy.cpp queues it first).
TEST(ReleaseDecisions, AReviewKeepsTheDaySetWhenTheCustodyBegan) {
  fs::path dir = fs::temp_directory_path() / "spipsim_release_decisions_test";
  fs::create_directories(dir);
  fs::path file = dir / "review-change.toml";
  {
    std::ofstream out(file);
    out << "extends = \""
        << (fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml").string()
        << "\"\n[run]\nstart_date = 2025-01-01\n[release]\nreview_fraction = 0.5\n"
        << "[regime]\nlsc_by_right_days_before_term = 300.0\n"
        << "[[change]]\nat = 2026-01-01\nrelease.review_fraction = 0.9\n";
  }
  params::Scenario s = params::load_scenario(file);
  fs::remove_all(dir);
  for (const auto& [name, value] : forced("1", "0")) params::apply_override(s, name, value);
  params::apply_override(s, "run.years", "4");
  ReplicateOutput out = run_replicate(s, 0, kSeed);
  const double change_day = 365;  // 2026-01-01, from the window's start on 2025-01-01
  int before = 0, after = 0, lsc_first = 0;
  for (const PersonRecord& r : out.persons) {
    if (!released(r) || r.release_type == ReleaseType::SortieSeche) continue;
    double began = r.index_day - r.custody_days;
    if (began < 0) continue;  // the stock and the warm-up's spells: reviewed before day 0
    double fraction = began < change_day ? 0.5 : 0.9;
    EXPECT_NEAR(r.custody_days, fraction * r.sentence_days, kExact) << "custody began on " << began;
    (began < change_day ? before : after) += 1;
    bool lsc_day_first = r.sentence_days >= 300 && r.sentence_days <= 730.5 &&
                         r.sentence_days - 300 < fraction * r.sentence_days;
    lsc_first += began < change_day && r.index_day > change_day && lsc_day_first;
  }
  EXPECT_GT(before, 50);
  EXPECT_GT(after, 50);
  EXPECT_GT(lsc_first, 10) << "no review waited behind a libération sous contrainte at the change";
}

}  // namespace
}  // namespace spipsim::model
