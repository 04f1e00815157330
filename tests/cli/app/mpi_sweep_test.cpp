// Rank invariance: `mpirun -np N spipsim sweep` gives the same tables for N = 1, 2, 3 as a
// plain run on threads (ranks oversubscribe this 2-core machine, which is the point: the
// dynamic queue hands tasks out in a different order every time).
#include "sweep_fixture.hpp"

namespace spipsim::cli_test {
namespace {

class MpiSweepTest : public SweepTest {};  // mpirun() is in sweep_fixture.hpp

TEST_F(MpiSweepTest, OneTwoAndThreeRanksGiveTheSameTables) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun is not installed (scripts/install-deps installs openmpi-bin)";
  ASSERT_EQ(spipsim("sweep grid.toml --quiet --out threads.h5").status, 0);
  for (int ranks : {1, 2, 3}) {
    const std::string name = "ranks" + std::to_string(ranks) + ".h5";
    Result r = mpirun(ranks, "sweep grid.toml --quiet --out " + name);
    ASSERT_EQ(r.status, 0) << r.err;
    io::H5FileReader reader = io::H5FileReader::open(dir_ / name);
    // The manifest proves that the ranks really shared the work (a build without MPI would
    // run the whole sweep once per rank and record 1).
    EXPECT_EQ(reader.int_attribute("/manifest", "ranks"), ranks);
    expect_same_tables(dir_ / "threads.h5", dir_ / name);
  }
}

}  // namespace
}  // namespace spipsim::cli_test

namespace spipsim::cli_test {
namespace {

TEST_F(MpiSweepTest, RunAndCompareOverRanksWriteTheSameTablesAsThreads) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun is not installed (scripts/install-deps installs openmpi-bin)";
  // Built by append: gcc 12 warns falsely (-Wrestrict) on "literal" + string here.
  const std::string site = std::string("'").append(small_site_.string()).append("'");
  std::string staff = "description = \"+25%\"\nextends = ";
  staff.append(site).append("\n[staffing]\nofficer_scale = 1.25\n");
  write("staff.toml", staff);
  const std::string run = "run " + site + " --replicates 3 --years 1 --quiet --person-table";
  ASSERT_EQ(spipsim(run + " --out run-threads.h5").status, 0);
  const std::string compare = "compare " + site + " staff.toml --replicates 3 --years 1 --quiet";
  ASSERT_EQ(spipsim(compare + " --out compare-threads.h5").status, 0);
  for (int ranks : {2, 3}) {
    const std::string n = std::to_string(ranks);
    Result r = mpirun(ranks, run + " --out run-" + n + ".h5");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.find("Reconviction within 1 year"), r.out.rfind("Reconviction within 1 year"))
        << "one summary, from rank 0 only: " << r.out;
    expect_same_tables(dir_ / "run-threads.h5", dir_ / ("run-" + n + ".h5"));
    Result c = mpirun(ranks, compare + " --out compare-" + n + ".h5");
    ASSERT_EQ(c.status, 0) << c.err;
    expect_same_tables(dir_ / "compare-threads.h5", dir_ / ("compare-" + n + ".h5"));
  }
}

}  // namespace
}  // namespace spipsim::cli_test
