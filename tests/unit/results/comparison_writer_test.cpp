// The comparison file: manifest, every scenario's tables and the comparison table.
#include "sim/experiment/results/comparison_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sim/io/h5_file_reader.hpp"
#include "sim/io/run_manifest.hpp"
#include "tests/unit/synthetic_comparison.hpp"

namespace spipsim::experiment {
namespace {

TEST(ScenarioComparison, FileHoldsTheManifestEveryScenarioAndTheComparison) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("spipsim_compare_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<ScenarioResult> s = testing::synthetic_pair();
  std::vector<Comparison> c = {compare(s[0], s[1])};
  write_comparison(dir / "c.h5", s, c);

  io::H5FileReader reader = io::H5FileReader::open(dir / "c.h5");
  EXPECT_EQ(reader.string_attribute("/", "spipsim_kind"), "compare");
  EXPECT_EQ(io::read_manifest(reader).kind, "compare");
  EXPECT_EQ(reader.int_attribute("/manifest", "variants"), 1);
  for (const char* path : {"/scenarios/base/summary", "/scenarios/variant/replicates",
                           "/scenarios/variant/breakdowns/site", "/scenario_list"})
    EXPECT_TRUE(reader.has(path)) << path;
  io::Table table = reader.table("/comparison/variant");
  std::vector<std::string> names;
  for (const io::Column& column : table.columns) names.push_back(column.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"name", "label", "unit", "base_mean", "variant_mean",
                                      "diff_mean", "diff_lo", "diff_hi", "relative_change", "n"}));
  EXPECT_EQ(table.rows(), c[0].figures.size());
  EXPECT_EQ(reader.string_attribute("/comparison/variant", "cost_per_reconviction_avoided_method"),
            "per_replicate");
  EXPECT_NEAR(reader.number_attribute("/comparison/variant", "cost_per_reconviction_avoided"),
              c[0].cost_per_reconviction.ratio.mean, 1e-9);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spipsim::experiment
