// The results format is meant to be pleasant from Python: h5py opens it, the "columns"
// attribute rebuilds a pandas DataFrame in one line, strings come back as text, and units,
// chunking and compression are visible. Skipped where Python, h5py or pandas is missing.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/io/run_manifest.hpp"
#include "tests/unit/io/temp_dir.hpp"

using namespace spipsim::io;
using spipsim::io::testing::TempDir;

namespace {

constexpr const char* kPython = "/usr/bin/python3";

constexpr const char* kScript = R"py(
import sys
import h5py
import pandas as pd

with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["complete"] == 1
    assert f.attrs["spipsim_kind"] == "run", f.attrs["spipsim_kind"]
    assert f.attrs["spipsim_schema_version"] == 1
    assert f["manifest"].attrs["scenario_name"] == "Côte-d'Or baseline"
    assert f["manifest"].attrs["seed"] == 42

    g = "summary"
    df = pd.DataFrame({c: f[g][c][:] for c in f[g].attrs["columns"].split(",")})
    assert df.shape == (3, 3), df.shape
    assert list(df.columns) == ["department", "caseload", "cost_eur"], list(df.columns)
    assert df["caseload"].dtype == "int64" and df["cost_eur"].dtype == "float64"
    assert list(f[g]["department"].asstr()[:]) == ["Côte-d'Or", "Finistère", "Ain"]
    assert f[g].attrs["rows"] == 3
    cost = f[g]["cost_eur"]
    assert cost.attrs["unit"] == "EUR" and cost.attrs["description"] == "yearly cost"
    assert cost.chunks == (3,) and cost.compression == "gzip" and cost.compression_opts == 4
    assert cost.shuffle

    e = "empty"
    empty = pd.DataFrame({c: f[e][c][:] for c in f[e].attrs["columns"].split(",")})
    assert empty.shape == (0, 2), empty.shape

    m = f["series/caseload"]
    assert m.shape == (2, 3) and m[1, 2] == 6.0 and m.attrs["unit"] == "persons"
print("ok")
)py";

int run(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST(PythonInterop, H5pyAndPandasReadTablesAttributesAndMatrices) {
  if (!std::ifstream(kPython)) GTEST_SKIP() << kPython << " not found";
  if (run(std::string(kPython) + " -c 'import h5py, pandas' 2>/dev/null") != 0)
    GTEST_SKIP() << "h5py or pandas not installed";
  TempDir dir;
  {
    H5FileWriter writer(dir / "run.h5");
    write_manifest(writer, make_manifest({.scenario_name = "Côte-d'Or baseline", .seed = 42}));
    Table summary;
    summary.add("department", "", "", std::vector<std::string>{"Côte-d'Or", "Finistère", "Ain"})
        .add("caseload", "persons", "people per officer", std::vector<std::int64_t>{80, 95, 120})
        .add("cost_eur", "EUR", "yearly cost", std::vector<double>{1.5e6, 2.25e6, 0.75e6});
    writer.table("/summary", summary);
    Table empty;
    empty.add("label", "", "", std::vector<std::string>{})
        .add("value", "1", "", std::vector<double>{});
    writer.table("/empty", empty);
    std::vector<double> m{1, 2, 3, 4, 5, 6};
    writer.dataset_2d("/series/caseload", 2, 3, m, "persons", "by month x office");
    writer.commit();
  }
  std::ofstream(dir / "read.py") << kScript;
  std::string output = (dir / "python.out").string();
  int code = run(std::string(kPython) + " '" + (dir / "read.py").string() + "' '" +
                 (dir / "run.h5").string() + "' > '" + output + "' 2>&1");
  std::stringstream text;
  text << std::ifstream(output).rdbuf();
  EXPECT_EQ(code, 0) << text.str();
  EXPECT_EQ(text.str(), "ok\n");
}

// The Python recomputation shown in docs/hdf5-schema.md ("Recomputing the checksum in
// Python") must agree with the writer: this runs the block from the docs as it is written.
TEST(PythonInterop, RecomputesTheContentChecksumFromTheDocs) {
  if (!std::ifstream(kPython)) GTEST_SKIP() << kPython << " not found";
  if (run(std::string(kPython) + " -c 'import h5py, numpy' 2>/dev/null") != 0)
    GTEST_SKIP() << "h5py or numpy not installed";
  std::stringstream docs;
  docs << std::ifstream(std::string(SPIPSIM_SOURCE_DIR) + "/docs/hdf5-schema.md").rdbuf();
  std::string text = docs.str();
  std::size_t heading = text.find("### Recomputing the checksum in Python");
  ASSERT_NE(heading, std::string::npos) << "the docs lost the section";
  std::size_t begin = text.find("```python\n", heading);
  std::size_t end = text.find("```\n", begin + 1);
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  begin += std::string("```python\n").size();

  TempDir dir;
  {
    H5FileWriter writer(dir / "run.h5");
    write_manifest(writer, make_manifest({.scenario_name = "Côte-d'Or", .seed = 42}));
    Table t;
    t.add("site", "", "", std::vector<std::string>{"21", "2A", "Finistère", ""})
        .add("n", "people", "", std::vector<std::int64_t>{1, -2, 3, 4})
        .add("share", "1", "", std::vector<double>{0.5, -0.0, 1e300, 2});
    writer.table("/tables/sites", t);
    writer.table("/tables/empty", Table{}.add("x", "1", "", std::vector<double>{}));
    writer.attribute("/tables", "years", 1.5);
    writer.commit();
  }
  std::ofstream(dir / "checksum.py") << text.substr(begin, end - begin);
  std::string output = (dir / "python.out").string();
  int code = run(std::string(kPython) + " '" + (dir / "checksum.py").string() + "' '" +
                 (dir / "run.h5").string() + "' > '" + output + "' 2>&1");
  std::stringstream printed;
  printed << std::ifstream(output).rdbuf();
  EXPECT_EQ(code, 0) << printed.str();
  std::string stored = H5FileReader::open(dir / "run.h5").string_attribute("/", "content_checksum");
  EXPECT_EQ(printed.str(), stored + " ok\n");
}
