#include "sim/experiment/sweep/sweep_writer.hpp"

#include <cstdio>
#include <sstream>

#include "sim/experiment/outcomes/run_summary.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/sweep/sweep_results.hpp"
#include "sim/io/h5_file_reader.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/io/run_manifest.hpp"

namespace spipsim::experiment {
namespace {

constexpr const char* kManifest = "/manifest";

std::string hex(std::uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) items.push_back(item);
  return items;
}

io::Table outputs_table(const SweepPlan& plan) {
  std::vector<std::string> names, labels, units;
  std::vector<std::int64_t> interest;
  for (const HeadlineSpec& h : plan.headlines) {
    names.push_back(h.name);
    labels.push_back(h.label);
    units.push_back(h.unit);
    std::int64_t wanted = 0;
    for (const std::string& o : plan.outputs) wanted = wanted || o == h.name;
    interest.push_back(wanted);
  }
  io::Table table;
  table.add("name", "", "headline name (column of /tasks, value of /results/points output)", names)
      .add("label", "", "what it measures", labels)
      .add("unit", "", "unit of its values", units)
      .add("of_interest", "", "1 if the design lists it in outputs (Sobol indices, console)",
           interest);
  return table;
}

void write_common(io::H5FileWriter& writer, const SweepPlan& plan, const SweepRunInfo& info,
                  std::string_view kind) {
  io::write_manifest(writer, io::make_manifest({.command_line = info.command_line,
                                                .scenario_name = plan.scenario_name,
                                                .scenario_text = plan.scenario_text,
                                                .scenario_description = plan.scenario_description,
                                                .seed = plan.seed,
                                                .replicates = plan.replicates,
                                                .years = plan.years,
                                                .kind = std::string(kind)}));
  writer.attribute(kManifest, "design_name", plan.design_name);
  writer.attribute(kManifest, "design_description", plan.design_description);
  writer.attribute(kManifest, "design_text", plan.design_text);
  writer.attribute(kManifest, "method", plan.method);
  writer.attribute(kManifest, "points", plan.point_count());
  writer.attribute(kManifest, "tasks", plan.task_count());
  writer.attribute(kManifest, "base_samples", plan.base_samples);
  writer.attribute(kManifest, "bootstrap", std::uint64_t{plan.bootstrap});
  writer.attribute(kManifest, "parameters", joined(plan.parameter_names));
  writer.attribute(kManifest, "outputs", joined(plan.outputs));
  writer.attribute(kManifest, "fingerprint", hex(plan.fingerprint));
  writer.attribute(kManifest, "threads", std::int64_t{info.threads});
  writer.attribute(kManifest, "ranks", std::int64_t{info.ranks});
  writer.attribute(kManifest, "confidence_level", kConfidenceLevel);
  writer.table("/design/parameters", plan.parameters);
  writer.table("/design/points", plan.points);
  writer.table("/design/outputs", outputs_table(plan));
}

void commit(io::H5FileWriter& writer, const SweepRunInfo& info) {
  if (info.cancelled && info.cancelled()) throw Interrupted();
  writer.commit();
}

std::vector<std::uint64_t> tasks_of(const SweepPlan& plan, const Shard& shard) {
  std::vector<std::uint64_t> tasks;
  for (std::uint64_t t = 0; t < plan.task_count(); ++t)
    if (shard.owns(t)) tasks.push_back(t);
  return tasks;
}

}  // namespace

void write_sweep(const std::filesystem::path& path, const SweepPlan& plan,
                 const TaskResults& results, const SweepRunInfo& info) {
  io::H5FileWriter writer(path);
  write_common(writer, plan, info, "sweep");
  writer.table("/tasks", task_table(plan, results, tasks_of(plan, Shard{})));
  writer.table("/results/points", point_table(plan, results, kConfidenceLevel));
  if (plan.method == "sobol")
    writer.table("/sensitivity/sobol", sobol_table(plan, results, kConfidenceLevel));
  commit(writer, info);
}

void write_sweep_shard(const std::filesystem::path& path, const SweepPlan& plan,
                       const TaskResults& results, const Shard& shard, const SweepRunInfo& info) {
  io::H5FileWriter writer(path);
  write_common(writer, plan, info, "sweep_shard");
  writer.attribute(kManifest, "shard_index", shard.index);
  writer.attribute(kManifest, "shard_count", shard.count);
  writer.table("/tasks", task_table(plan, results, tasks_of(plan, shard)));
  commit(writer, info);
}

ShardFile read_sweep_shard(const io::H5FileReader& reader) {
  const std::string name = reader.path().string();
  if (!reader.has_attribute("/", "spipsim_kind") ||
      reader.string_attribute("/", "spipsim_kind") != "sweep_shard")
    throw std::runtime_error(name + ": not a sweep shard (made by spipsim sweep --shard i/n)");
  if (!reader.has_attribute("/", "complete") || reader.int_attribute("/", "complete") != 1)
    throw std::runtime_error(name + ": incomplete shard (its run did not finish)");
  const io::RunManifest m = io::read_manifest(reader);
  ShardFile file;
  SweepPlan& plan = file.plan;
  plan.design_name = reader.string_attribute(kManifest, "design_name");
  plan.design_description = reader.string_attribute(kManifest, "design_description");
  plan.design_text = reader.string_attribute(kManifest, "design_text");
  plan.method = reader.string_attribute(kManifest, "method");
  plan.scenario_name = m.scenario_name;
  plan.scenario_text = m.scenario_text;
  plan.scenario_description = m.scenario_description;
  plan.seed = m.seed;
  plan.replicates = static_cast<std::uint32_t>(m.replicates);
  plan.years = m.years;
  plan.base_samples = reader.uint_attribute(kManifest, "base_samples");
  plan.bootstrap = static_cast<std::uint32_t>(reader.uint_attribute(kManifest, "bootstrap"));
  plan.parameter_names = split(reader.string_attribute(kManifest, "parameters"));
  plan.outputs = split(reader.string_attribute(kManifest, "outputs"));
  plan.fingerprint = std::stoull(reader.string_attribute(kManifest, "fingerprint"), nullptr, 16);
  plan.parameters = reader.table("/design/parameters");
  plan.points = reader.table("/design/points");
  const io::Table outputs = reader.table("/design/outputs");
  // A damaged shard must be refused with its name, never dereferenced blindly.
  auto strings = [&](const char* column) -> const std::vector<std::string>& {
    const io::Column* c = outputs.find(column);
    const auto* v = c ? std::get_if<std::vector<std::string>>(&c->values) : nullptr;
    if (!v)
      throw std::runtime_error(name + ": /design/outputs has no text column '" + column + "'");
    return *v;
  };
  const auto& names = strings("name");
  const auto& labels = strings("label");
  const auto& units = strings("unit");
  if (labels.size() != names.size() || units.size() != names.size())
    throw std::runtime_error(name + ": /design/outputs columns differ in length");
  for (std::size_t i = 0; i < names.size(); ++i)
    plan.headlines.push_back({names[i], labels[i], units[i]});
  file.shard.index = reader.uint_attribute(kManifest, "shard_index");
  file.shard.count = reader.uint_attribute(kManifest, "shard_count");
  file.tasks = reader.table("/tasks");
  return file;
}

}  // namespace spipsim::experiment
