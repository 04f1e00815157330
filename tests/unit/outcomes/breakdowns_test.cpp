#include "sim/experiment/outcomes/breakdowns.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/unit/synthetic_outputs.hpp"

namespace spipsim::experiment {
namespace {

const Breakdown& by(const std::vector<Breakdown>& all, std::string_view name) {
  for (const Breakdown& b : all)
    if (b.by == name) return b;
  ADD_FAILURE() << "no breakdown by " << name;
  return all.front();
}

const SubgroupRow& row(const Breakdown& b, std::string_view group) {
  for (const SubgroupRow& r : b.rows)
    if (r.group == group) return r;
  ADD_FAILURE() << "no group " << group << " in " << b.by;
  return b.rows.front();
}

TEST(Breakdowns, AgeGroupBoundaries) {
  EXPECT_EQ(age_group(17.5), "18-20");
  EXPECT_EQ(age_group(18), "18-20");
  EXPECT_EQ(age_group(20.99), "18-20");
  EXPECT_EQ(age_group(21), "21-29");
  EXPECT_EQ(age_group(29.9), "21-29");
  EXPECT_EQ(age_group(30), "30-39");
  EXPECT_EQ(age_group(49.5), "40-49");
  EXPECT_EQ(age_group(59.99), "50-59");
  EXPECT_EQ(age_group(60), "60+");
  EXPECT_EQ(age_group(91), "60+");
  EXPECT_EQ(age_group(std::nan("")), "18-20");
}

TEST(Breakdowns, GroupsArePooledOverReplicatesAndAlwaysListed) {
  std::vector<model::ReplicateOutput> outputs;
  for (std::uint32_t r = 0; r < 3; ++r) {
    model::ReplicateOutput out = testing::two_site_output(r, 12);
    // Per replicate: 4 women aged 19 at site B, all reconvicted on day 100; 6 men aged 45 at
    // site A, never reconvicted, followed 3 years.
    for (int i = 0; i < 4; ++i) {
      model::PersonRecord p = testing::person(i, 100, true);
      p.sex = model::Sex::Woman;
      p.age_at_index = 19;
      p.site = 1;
      p.risk_tier = model::RiskTier::High;
      p.origin = model::Origin::Prison;
      p.release_type = model::ReleaseType::SortieSeche;
      p.reintegrated_12m = 0;
      out.persons.push_back(p);
    }
    for (int i = 4; i < 10; ++i) {
      model::PersonRecord p = testing::person(i, 3 * 365.25, false);
      p.age_at_index = 45;
      p.origin = model::Origin::Community;
      p.reintegrated_12m = 1;
      out.persons.push_back(p);
    }
    outputs.push_back(out);
  }
  std::vector<Breakdown> all = compute_breakdowns(outputs);
  ASSERT_EQ(all.size(), 5u);

  const Breakdown& age = by(all, "age_group");
  ASSERT_EQ(age.rows.size(), 6u);
  EXPECT_EQ(row(age, "18-20").n, 12);
  EXPECT_EQ(row(age, "40-49").n, 18);
  EXPECT_EQ(row(age, "60+").n, 0);
  EXPECT_TRUE(std::isnan(row(age, "60+").reconviction_1y.value));

  const Breakdown& sex = by(all, "sex");
  EXPECT_DOUBLE_EQ(row(sex, "woman").reconviction_1y.value, 1.0);
  EXPECT_DOUBLE_EQ(row(sex, "man").reconviction_1y.value, 0.0);
  EXPECT_DOUBLE_EQ(row(sex, "man").reconviction_2y.value, 0.0);
  EXPECT_TRUE(std::isnan(row(sex, "man").reconviction_5y.value));  // followed 3 years only
  EXPECT_DOUBLE_EQ(row(sex, "man").reintegrated_12m, 1.0);
  EXPECT_EQ(row(sex, "man").reintegrated_known, 18);
  EXPECT_DOUBLE_EQ(row(sex, "woman").reintegrated_12m, 0.0);

  const Breakdown& release = by(all, "release_type");
  EXPECT_EQ(row(release, "sortie_seche").n, 12);
  EXPECT_EQ(row(release, "community").n, 18);
  EXPECT_EQ(row(release, "supervised").n, 0);

  const Breakdown& risk = by(all, "risk_tier");
  EXPECT_EQ(row(risk, "high").n, 12);
  EXPECT_EQ(row(risk, "low").n, 18);

  const Breakdown& site = by(all, "site");
  EXPECT_EQ(row(site, "A").n, 18);
  EXPECT_EQ(row(site, "B").n, 12);
}

TEST(Breakdowns, GreenwoodBandContainsTheEstimate) {
  model::ReplicateOutput out = testing::two_site_output(0, 24);
  out.persons = testing::exponential_persons(800, 0.4 / 365.25, 400, 800, 11);
  std::vector<Breakdown> all = compute_breakdowns({out});
  const SubgroupRow& men = row(by(all, "sex"), "man");
  EXPECT_EQ(men.n, 800);
  EXPECT_LT(men.reconviction_1y.lo, men.reconviction_1y.value);
  EXPECT_GT(men.reconviction_1y.hi, men.reconviction_1y.value);
  EXPECT_NEAR(men.reconviction_1y.value, 1 - std::exp(-0.4), 0.06);
}

}  // namespace
}  // namespace spipsim::experiment
