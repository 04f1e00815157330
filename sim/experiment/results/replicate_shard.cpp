#include "sim/experiment/results/replicate_shard.hpp"

#include <cstring>
#include <stdexcept>

#include "sim/engine/content_hash.hpp"
#include "sim/experiment/results/results_writer.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/replicate_codec.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/io/run_manifest.hpp"

namespace spipsim::experiment {
namespace {

constexpr const char* kManifest = "/manifest";
constexpr const char* kScenarios = "/shard/scenarios";

std::string output_path(std::size_t scenario, std::uint32_t replicate) {
  return "/shard/outputs/scenario_" + std::to_string(scenario) + "/replicate_" +
         std::to_string(replicate);
}

std::uint64_t hash_of(const std::vector<unsigned char>& bytes) {
  return engine::ContentHash().bytes(bytes.data(), bytes.size()).value();
}

io::Table scenarios_table(const std::vector<RunInfo>& scenarios) {
  std::vector<std::string> name, description, text;
  std::vector<std::int64_t> year, month, day;
  for (const RunInfo& s : scenarios) {
    name.push_back(s.scenario);
    description.push_back(s.description);
    text.push_back(s.resolved_toml);
    year.push_back(static_cast<int>(s.start_date.year()));
    month.push_back(static_cast<unsigned>(s.start_date.month()));
    day.push_back(static_cast<unsigned>(s.start_date.day()));
  }
  io::Table t;
  t.add("name", "", "scenario name as in the merged file (base first)", std::move(name))
      .add("description", "", "the scenario's description", std::move(description))
      .add("scenario_text", "", "the resolved scenario as TOML, as run", std::move(text))
      .add("start_year", "", "run.start_date", std::move(year))
      .add("start_month", "", "run.start_date", std::move(month))
      .add("start_day", "", "run.start_date", std::move(day));
  return t;
}

template <class T>
const std::vector<T>& column(const io::Table& table, const char* name, const std::string& file) {
  const io::Column* c = table.find(name);
  const auto* v = c ? std::get_if<std::vector<T>>(&c->values) : nullptr;
  if (!v || v->size() != table.rows())
    throw std::runtime_error(file + ": " + kScenarios + " has no column '" + name +
                             "' of the expected type");
  return *v;
}

}  // namespace

std::string this_build() {
  return "spipsim " + std::string(io::spipsim_version()) + " (git " +
         std::string(io::git_revision()) + ")";
}

std::uint64_t replicate_job_fingerprint(const std::string& kind,
                                        const std::vector<RunInfo>& scenarios, bool person_table) {
  engine::ContentHash hash;
  hash.text("spipsim replicate shard v1").text(kind).text(this_build());
  hash.number(static_cast<std::uint64_t>(scenarios.size()));
  hash.number(std::uint64_t{person_table});
  for (const RunInfo& s : scenarios) {
    hash.text(s.scenario).text(s.description).text(s.resolved_toml);
    hash.number(std::uint64_t{s.replicates}).number(s.seed).number(s.years);
    hash.number(
        static_cast<std::uint64_t>(std::chrono::sys_days(s.start_date).time_since_epoch().count()));
  }
  return hash.value();
}

void write_replicate_shard(const std::filesystem::path& path, const std::string& kind,
                           const std::vector<RunInfo>& scenarios, const Shard& shard,
                           bool person_table,
                           const std::vector<std::vector<model::ReplicateOutput>>& outputs,
                           const std::function<bool()>& cancelled) {
  if (scenarios.empty() || outputs.size() != scenarios.size())
    throw std::invalid_argument("write_replicate_shard: one list of outputs per scenario");
  io::H5FileWriter writer(path);
  write_run_manifest(writer, scenarios.front(), kind);
  writer.attribute(kManifest, "shard_index", shard.index);
  writer.attribute(kManifest, "shard_count", shard.count);
  writer.attribute(kManifest, "person_table", std::int64_t{person_table});
  writer.attribute(kManifest, "fingerprint",
                   replicate_job_fingerprint(kind, scenarios, person_table));
  writer.attribute(kManifest, "build", this_build());
  writer.table(kScenarios, scenarios_table(scenarios));
  const std::uint32_t replicates = scenarios.front().replicates;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    for (std::uint32_t r = 0; r < replicates; ++r) {
      if (!shard.owns(r)) continue;
      const std::vector<unsigned char> bytes = encode_replicate(outputs[s].at(r));
      // int64 words, the last padded with zeros: HDF5 keeps them bit for bit.
      std::vector<std::int64_t> words((bytes.size() + 7) / 8, 0);
      if (!bytes.empty()) std::memcpy(words.data(), bytes.data(), bytes.size());
      io::Table t;
      t.add("words", "", "replicate_codec bytes, 8 per word, little-endian", std::move(words));
      const std::string at = output_path(s, r);
      writer.table(at, t);
      writer.attribute(at, "bytes", static_cast<std::uint64_t>(bytes.size()));
      writer.attribute(at, "hash", hash_of(bytes));
    }
  }
  if (cancelled && cancelled()) throw Interrupted();
  writer.commit();
}

ReplicateShardHeader read_replicate_shard_header(const io::H5FileReader& reader) {
  const std::string name = reader.path().string();
  const std::string kind = reader.has_attribute("/", "spipsim_kind")
                               ? reader.string_attribute("/", "spipsim_kind")
                               : std::string();
  if (kind != kRunShardKind && kind != kCompareShardKind)
    throw std::runtime_error(name + ": not a shard of run or compare");
  if (!reader.has_attribute("/", "complete") || reader.int_attribute("/", "complete") != 1)
    throw std::runtime_error(name + ": incomplete shard (its run did not finish)");
  const io::RunManifest m = io::read_manifest(reader);
  ReplicateShardHeader header;
  header.kind = kind;
  header.shard.index = reader.uint_attribute(kManifest, "shard_index");
  header.shard.count = reader.uint_attribute(kManifest, "shard_count");
  if (header.shard.count == 0 || header.shard.index >= header.shard.count)
    throw std::runtime_error(name + ": shard " + std::to_string(header.shard.index + 1) + " of " +
                             std::to_string(header.shard.count) + " is not a slice");
  header.person_table = reader.int_attribute(kManifest, "person_table") != 0;
  header.fingerprint = reader.uint_attribute(kManifest, "fingerprint");
  header.build = reader.string_attribute(kManifest, "build");
  const io::Table table = reader.table(kScenarios);
  const auto& names = column<std::string>(table, "name", name);
  const auto& descriptions = column<std::string>(table, "description", name);
  const auto& texts = column<std::string>(table, "scenario_text", name);
  const auto& years = column<std::int64_t>(table, "start_year", name);
  const auto& months = column<std::int64_t>(table, "start_month", name);
  const auto& days = column<std::int64_t>(table, "start_day", name);
  if (names.empty()) throw std::runtime_error(name + ": " + kScenarios + " is empty");
  for (std::size_t i = 0; i < names.size(); ++i) {
    RunInfo info;
    info.scenario = names[i];
    info.description = descriptions[i];
    info.resolved_toml = texts[i];
    info.replicates = static_cast<std::uint32_t>(m.replicates);
    info.seed = m.seed;
    info.years = m.years;
    info.start_date =
        std::chrono::year_month_day{std::chrono::year{static_cast<int>(years[i])},
                                    std::chrono::month{static_cast<unsigned>(months[i])},
                                    std::chrono::day{static_cast<unsigned>(days[i])}};
    header.scenarios.push_back(std::move(info));
  }
  return header;
}

model::ReplicateOutput read_shard_replicate(const io::H5FileReader& reader, std::size_t scenario,
                                            std::uint32_t replicate) {
  const std::string at = output_path(scenario, replicate);
  const std::string where = reader.path().string() + ": replicate " + std::to_string(replicate) +
                            " of scenario " + std::to_string(scenario);
  if (!reader.has(at)) throw std::runtime_error(where + " is missing (" + at + ")");
  const io::Table table = reader.table(at);
  const io::Column* c = table.find("words");
  const auto* words = c ? std::get_if<std::vector<std::int64_t>>(&c->values) : nullptr;
  const std::uint64_t size = reader.uint_attribute(at, "bytes");
  if (!words || size > words->size() * 8 || words->size() * 8 - size >= 8)
    throw std::runtime_error(where + ": its words do not hold its " + std::to_string(size) +
                             " bytes");
  std::vector<unsigned char> bytes(size);
  if (size > 0) std::memcpy(bytes.data(), words->data(), size);
  if (hash_of(bytes) != reader.uint_attribute(at, "hash"))
    throw std::runtime_error(where + ": its bytes do not match their hash");
  return decode_replicate(bytes);
}

}  // namespace spipsim::experiment
