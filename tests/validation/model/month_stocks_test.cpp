// The month-end stocks (detained, on remand, supervised, employed and housed among them,
// unsupervised follow-up) are counters of people per stock class, kept as rows change
// (site_statistics.cpp), not a count of every row at each month end. These runs compare the
// counters with that count at every month end (RunControl::check_stocks: the site throws
// naming the stock that differs) over a whole small-site run and over a 0.1x national run of
// 2 observed years, where people also move between sites (releases sent home, relocations,
// committals to a prison of the DISP). The checking run after every event
// (SupervisionProcess.InvariantsHoldAfterEveryEvent) also checks each row's counted class.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sim/model/events.hpp"
#include "sim/model/output_fingerprint.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {
namespace {

constexpr std::uint64_t kSeed = 20250101;

params::Scenario scenario(const char* file) {
  return params::load_scenario(std::filesystem::path(SPIPSIM_SOURCE_DIR) / "scenarios" / file);
}

// The checked run throws on the first month end where a counter and the rows differ, and
// otherwise gives the same output as an unchecked run. Every stock is met (non-zero), so the
// comparison is not between zeros.
ReplicateOutput expect_counters_equal_rows(const params::Scenario& s) {
  RunControl checked_control;
  checked_control.check_stocks = true;
  ReplicateOutput checked;
  EXPECT_NO_THROW(checked = run_replicate(s, 0, kSeed, checked_control));
  EXPECT_EQ(output_fingerprint(checked), output_fingerprint(run_replicate(s, 0, kSeed)));
  long detained = 0, pretrial = 0, supervised = 0, employed = 0, housed = 0, unsupervised = 0;
  for (const MonthlySiteRecord& m : checked.monthly) {
    detained += m.detained;
    pretrial += m.detained_pretrial;
    supervised += m.supervised;
    employed += m.employed;
    housed += m.housed;
    unsupervised += m.unsupervised_followup;
  }
  EXPECT_GT(pretrial, 0);
  EXPECT_GT(detained, pretrial);
  EXPECT_GT(employed, 0);
  EXPECT_GT(housed, 0);
  EXPECT_GT(supervised, employed);
  EXPECT_GT(supervised, housed);
  EXPECT_GT(unsupervised, 0);
  return checked;
}

TEST(MonthStocks, CountersEqualTheRowsAtEveryMonthEndOfSmallSite) {
  expect_counters_equal_rows(scenario("small-site.toml"));
}

TEST(MonthStocks, CountersEqualTheRowsAtEveryMonthEndOfANationalRun) {
  params::Scenario s = scenario("baseline-france.toml");
  params::apply_override(s, "world.population_scale", "0.1");
  params::apply_override(s, "run.years", "2");
  ReplicateOutput out = expect_counters_equal_rows(s);
  // People moved between sites: the transfers' uncount and first count were exercised.
  ASSERT_EQ(out.events_by_type.size(), kEventTypes);
  EXPECT_GT(out.events_by_type[Event(TransferIn{}).index()], 1000u);
  EXPECT_GT(out.events_by_type[Event(Relocation{}).index()], 100u);
}

}  // namespace
}  // namespace spipsim::model
