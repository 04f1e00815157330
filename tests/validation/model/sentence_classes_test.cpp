// Short and long prison sentences, served where they are (docs/model.md, "Sentences"): with
// extreme shares of long sentences, nobody enters or is committed to a prison of the other
// kind; with no long sentences the long class's parameters change nothing. Three
// départements of the DISP of Dijon: Côte-d'Or (a maison d'arrêt only), Eure-et-Loir (the
// centre de détention of Châteaudun only) and Yonne (both, at Joux-la-Ville and Auxerre).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/output_fingerprint.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

namespace fs = std::filesystem;
using Overrides = std::vector<std::pair<std::string, std::string>>;

ReplicateOutput run(const Overrides& overrides) {
  params::Scenario s =
      params::load_scenario(fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml");
  params::apply_override(s, "world.sites", "21,28,89");
  params::apply_override(s, "run.years", "3");
  params::apply_override(s, "run.warmup_years", "1");
  for (const auto& [name, value] : overrides) params::apply_override(s, name, value);
  return run_replicate(s, 0, 20250101);
}

std::uint16_t site(const ReplicateOutput& out, const std::string& code) {
  for (std::uint16_t k = 0; k < out.sites.size(); ++k)
    if (out.sites[k].code == code) return k;
  ADD_FAILURE() << code << " not simulated";
  return 0;
}

struct Held {
  long long entries = 0, detained = 0;  // over the observed months
};

Held held(const ReplicateOutput& out, const std::string& code) {
  Held h;
  std::uint16_t k = site(out, code);
  for (const MonthlySiteRecord& m : out.monthly)
    if (m.site == k) h.entries += m.entries_prison, h.detained += m.detained;
  return h;
}

// p_long = 0: every sentence is short, so the centre de détention of Eure-et-Loir receives
// nobody (no entrant, no initial stock, no committal), while the others hold people.
TEST(SentenceClasses, NoLongSentenceNobodyInAnEstablishmentForSentences) {
  ReplicateOutput out = run({{"entries.prison_long_share", "0"}});
  EXPECT_EQ(held(out, "28").entries, 0);
  EXPECT_EQ(held(out, "28").detained, 0);
  EXPECT_GT(held(out, "21").detained, 0);
  EXPECT_GT(held(out, "89").detained, 0);
}

// p_long = 1, every long sentence in an établissement pour peine, no remand and no
// revocation (both are held in maisons d'arrêt): the maison d'arrêt of Côte-d'Or receives
// nobody, and people followed there serve their new sentences in the établissements pour
// peine of the DISP.
TEST(SentenceClasses, AllLongNobodyInAMaisonDArretOnly) {
  ReplicateOutput out = run({{"entries.prison_long_share", "1"},
                             {"entries.prison_long_pour_peine_share", "1"},
                             {"pretrial.share", "0"},
                             {"violations.revocation_probability", "0"}});
  EXPECT_EQ(held(out, "21").entries, 0);
  EXPECT_EQ(held(out, "21").detained, 0);
  EXPECT_GT(held(out, "28").detained, 0);
  EXPECT_GT(held(out, "89").detained, 0);
}

// With no long sentences the model is the one-lognormal model: the long class's mean and
// spread do not change a single output byte.
TEST(SentenceClasses, NoLongSentenceTheLongTermIsNeverRead) {
  Overrides none = {{"entries.prison_long_share", "0"}};
  Overrides other = none;
  other.push_back({"entries.prison_long_sentence_mean_days", "9000"});
  other.push_back({"entries.prison_long_sentence_cv", "2.5"});
  EXPECT_EQ(output_fingerprint(run(none)), output_fingerprint(run(other)));
}

// More long sentences for the same entries: more people detained (direction).
// Long sentences, none served in an établissement pour peine: Eure-et-Loir's centre de
// détention receives nobody, as with no long sentence.
TEST(SentenceClasses, LongSentencesHeldInMaisonsDArretLeaveTheCentreDeDetentionEmpty) {
  ReplicateOutput out = run({{"entries.prison_long_share", "0.3"},
                             {"entries.prison_long_pour_peine_share", "0"}});
  EXPECT_EQ(held(out, "28").entries, 0);
  EXPECT_EQ(held(out, "28").detained, 0);
  EXPECT_GT(held(out, "21").detained, 0);
}

TEST(SentenceClasses, LongSentencesFillThePrisons) {
  auto detained = [](const ReplicateOutput& out) {
    long long d = 0;
    for (const MonthlySiteRecord& m : out.monthly) d += m.detained;
    return d;
  };
  EXPECT_GT(detained(run({{"entries.prison_long_share", "0.3"}})),
            detained(run({{"entries.prison_long_share", "0"}})));
}

}  // namespace
}  // namespace spipsim::model
