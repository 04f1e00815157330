// The release decisions of a custody spell (the review, the libération sous contrainte by
// right, the end of custody at the term) form a chain (site_routes.cpp): only the earliest is
// queued, and one that does not release the person queues the next, or decides it at once when
// it falls on the same instant. These runs force every decision either way (small-site, two
// years, nothing else ending a spell) and check where each custody ends, exactly: a link of the
// chain that is dropped leaves people in prison, one decided on the wrong day moves the end.
#include <gtest/gtest.h>

#include <cmath>
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

// Nothing ends a custody spell but its own decisions (no reconviction, revocation or move),
// and every judge at the review says `review` (1: aménagement, 0: none); the 2016 rules have
// no libération sous contrainte by right, whose decision then always declines.
Overrides forced(const char* review, const char* pretrial_share) {
  Overrides o = {{"run.years", "2"},
                 {"violations.revocation_probability", "0"},
                 {"mobility.moves_per_year", "0"},
                 {"pretrial.share", pretrial_share},
                 {"pretrial.release_share", "0"},
                 {"sentence.ab_initio_share", "0"},
                 {"release.amenagement_prepared", review},
                 {"release.amenagement_unprepared", review},
                 {"regime.rules", "2016"}};
  for (const char* band : {"0_1m", "1_6m", "6_12m", "12_24m", "24_36m", "36_60m", "60_plusm"})
    o.push_back({std::string("recidivism.baseline_") + band, "0"});
  return o;
}

params::Scenario small_site(const Overrides& overrides) {
  params::Scenario s =
      params::load_scenario(fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml");
  for (const auto& [name, value] : overrides) params::apply_override(s, name, value);
  return s;
}

bool released(const PersonRecord& r) {
  return r.origin == Origin::Prison && r.release_type != ReleaseType::None;
}

// Every decision declines until the term: each hands on to the next, and everyone leaves at
// the term, also after a remand that served past the review (decided at once at sentencing)
// or past the whole term (the end of custody at once).
TEST(ReleaseDecisions, DeclinedDecisionsHandOnToTheEndOfCustody) {
  for (const char* pretrial : {"0", "1"}) {
    SCOPED_TRACE(std::string("pretrial.share = ") + pretrial);
    ReplicateOutput out = run_replicate(small_site(forced("0", pretrial)), 0, kSeed);
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
  ReplicateOutput out = run_replicate(small_site(forced("1", "1")), 0, kSeed);
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
