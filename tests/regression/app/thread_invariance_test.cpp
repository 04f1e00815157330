// Output does not depend on the thread budget: a whole run (replicates, analysis, results
// file with the person table, console summary and JSON) with 1, 2 and 4 threads gives the
// same bytes, except the manifest's record of when and with how many threads it ran. Each
// case is compared field by field from the HDF5 file read back, not by exit codes.
//
// Two scenarios: small-site with 2 replicates (4 threads then run 2 replicates side by
// side, 2 threads each), and the whole of France at a small population scale with one
// replicate (all 100 sites as logical processes in parallel windows, people moving
// between départements as messages).
#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "sim/app/console/summary_printer.hpp"
#include "sim/experiment/outcomes/run_accumulator.hpp"
#include "sim/experiment/results/results_writer.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/experiment/run/run_info.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/run_manifest.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;

struct RunFiles {
  fs::path h5;
  std::string summary;
  std::string json;
  std::uint64_t events = 0;
};

class ThreadInvariance : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("spipsim-thread-invariance-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunFiles run(const params::Scenario& scenario, int threads) {
    RunInfo info = run_info(scenario, "thread invariance test", threads);
    RunnerOptions options;
    options.replicates = info.replicates;
    options.seed = info.seed;
    options.threads = threads;
    // As `spipsim run` does: each replicate reduced as it finishes, in whatever order.
    RunFiles files;
    RunAccumulator accumulator(info.replicates, true);
    std::atomic<std::uint64_t> events{0};  // the sink's calls may overlap
    run_replicates(scenario, options, [&](std::uint32_t r, model::ReplicateOutput&& out) {
      events += out.events;
      accumulator.add(r, std::move(out));
    });
    files.events = events;
    RunAnalysis analysis = accumulator.finish();
    files.h5 = dir_ / (scenario.name + "-" + std::to_string(threads) + "t.h5");
    ResultsOptions write_options;
    write_options.person_table = true;
    write_results(files.h5, info, analysis, write_options);
    std::ostringstream text, json;
    print_summary(text, info, analysis.summary);
    print_summary_json(json, info, analysis.summary);
    files.summary = text.str();
    files.json = json.str();
    return files;
  }

  fs::path dir_;
};

// Bit patterns, so that NaN equals NaN and -0.0 differs from 0.0.
std::vector<std::uint64_t> bits(const std::vector<double>& values) {
  std::vector<std::uint64_t> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(std::bit_cast<std::uint64_t>(v));
  return out;
}

// Every table under `group` (recursively): same columns, units, descriptions and values.
// Returns the number of values compared.
std::size_t expect_same_tables(const io::H5FileReader& a, const io::H5FileReader& b,
                               const std::string& group) {
  std::vector<std::string> names = a.list_group(group);
  EXPECT_EQ(names, b.list_group(group)) << "objects under " << group;
  std::size_t compared = 0;
  for (const std::string& name : names) {
    std::string path = (group == "/" ? "/" : group + "/") + name;
    if (path == "/manifest") continue;  // compared apart: it records when and how it ran
    if (!a.has_attribute(path, "columns")) {
      compared += expect_same_tables(a, b, path);
      continue;
    }
    io::Table ta = a.table(path), tb = b.table(path);
    EXPECT_EQ(ta.columns.size(), tb.columns.size()) << path;
    if (a.has_attribute(path, "method")) {
      EXPECT_EQ(a.string_attribute(path, "method"), b.string_attribute(path, "method")) << path;
    }
    for (std::size_t c = 0; c < ta.columns.size() && c < tb.columns.size(); ++c) {
      const io::Column &ca = ta.columns[c], &cb = tb.columns[c];
      SCOPED_TRACE(path + "/" + ca.name);
      EXPECT_EQ(ca.name, cb.name);
      EXPECT_EQ(ca.unit, cb.unit);
      EXPECT_EQ(ca.description, cb.description);
      if (ca.values.index() != cb.values.index()) {
        ADD_FAILURE() << "column types differ";
        continue;
      }
      if (const auto* d = std::get_if<std::vector<double>>(&ca.values)) {
        EXPECT_EQ(bits(*d), bits(std::get<std::vector<double>>(cb.values)));
        compared += d->size();
      } else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&ca.values)) {
        EXPECT_EQ(*i, std::get<std::vector<std::int64_t>>(cb.values));
        compared += i->size();
      } else {
        const auto& s = std::get<std::vector<std::string>>(ca.values);
        EXPECT_EQ(s, std::get<std::vector<std::string>>(cb.values));
        compared += s.size();
      }
    }
  }
  return compared;
}

void expect_same_output(const RunFiles& reference, const RunFiles& other) {
  EXPECT_EQ(reference.events, other.events);
  EXPECT_EQ(reference.summary, other.summary);
  EXPECT_EQ(reference.json, other.json);
  io::H5FileReader a = io::H5FileReader::open(reference.h5);
  io::H5FileReader b = io::H5FileReader::open(other.h5);
  io::RunManifest ma = io::read_manifest(a), mb = io::read_manifest(b);
  // created_utc is when the file was written; threads differ on purpose.
  EXPECT_EQ(ma.scenario_text, mb.scenario_text);
  EXPECT_EQ(ma.seed, mb.seed);
  EXPECT_EQ(ma.replicates, mb.replicates);
  EXPECT_EQ(ma.years, mb.years);
  EXPECT_EQ(a.string_attribute("/manifest", "start_date"),
            b.string_attribute("/manifest", "start_date"));
  ASSERT_TRUE(a.has("/persons")) << "the person table must be compared too";
  std::size_t values = expect_same_tables(a, b, "/");
  EXPECT_GT(values, 10000u);
}

params::Scenario scenario(const char* file) {
  return params::load_scenario(fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / file);
}

TEST_F(ThreadInvariance, SmallSiteTwoReplicates) {
  params::Scenario s = scenario("small-site.toml");
  params::apply_override(s, "run.years", "3");
  params::apply_override(s, "run.replicates", "2");
  RunFiles one = run(s, 1);
  for (int threads : {2, 4}) {
    SCOPED_TRACE(std::to_string(threads) + " threads against 1");
    expect_same_output(one, run(s, threads));
  }
}

TEST_F(ThreadInvariance, AllSitesReducedPopulation) {
  params::Scenario s = scenario("baseline-france.toml");
  params::apply_override(s, "world.population_scale", "0.02");
  params::apply_override(s, "run.warmup_years", "1");
  params::apply_override(s, "run.years", "2");
  params::apply_override(s, "run.replicates", "1");
  // Frequent moves, so that many people cross between logical processes.
  params::apply_override(s, "mobility.moves_per_year", "0.5");
  RunFiles one = run(s, 1);
  for (int threads : {2, 4}) {
    SCOPED_TRACE(std::to_string(threads) + " threads against 1");
    expect_same_output(one, run(s, threads));
  }
}

}  // namespace
}  // namespace spipsim::experiment
