#include "sim/experiment/results_writer.hpp"

#include "sim/experiment/interrupted.hpp"
#include "sim/experiment/results_tables.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/io/run_manifest.hpp"

namespace spipsim::experiment {

void write_results(const std::filesystem::path& path, const RunInfo& info,
                   const std::vector<model::ReplicateOutput>& outputs, const RunAnalysis& analysis,
                   const ResultsOptions& options) {
  io::H5FileWriter writer(path);
  io::RunManifest manifest;
  manifest.command_line = info.command_line;
  manifest.scenario_name = info.scenario;
  manifest.scenario_text = info.resolved_toml;
  manifest.scenario_description = info.description;
  manifest.seed = info.seed;
  manifest.replicates = info.replicates;
  manifest.years = info.years;
  io::write_manifest(writer, io::make_manifest(std::move(manifest)));
  writer.attribute("/manifest", "threads", info.threads);
  writer.attribute("/manifest", "start_date", month_label(info.start_date, 0));
  writer.attribute("/manifest", "confidence_level", kConfidenceLevel);

  writer.table("/summary", summary_table(analysis.summary));
  writer.table("/replicates", replicates_table(analysis.summary));
  writer.table("/timeseries/national", series_table(analysis.national, info.start_date));
  writer.table("/timeseries/sites", series_table(analysis.sites, info.start_date));
  writer.table("/survival/reconviction", survival_table(analysis.survival.pooled));
  writer.attribute("/survival/reconviction", "method",
                   "Kaplan-Meier on the persons of all replicates pooled, Greenwood band");
  writer.table("/survival/reconviction_monthly", monthly_survival_table(analysis.survival));
  writer.attribute("/survival/reconviction_monthly", "method",
                   "Kaplan-Meier per replicate; mean and t interval over replicates");
  for (const Breakdown& b : analysis.breakdowns) {
    std::string group = "/breakdowns/" + b.by;
    writer.table(group, breakdown_table(b));
    writer.attribute(group, "method",
                     "pooled over replicates: one Kaplan-Meier curve per group with its "
                     "Greenwood band (persons treated as independent)");
  }
  writer.table("/sites", sites_table(outputs.empty() ? std::vector<model::SiteInfo>{}
                                                     : outputs.front().sites));
  if (options.person_table) writer.table("/persons", persons_table(outputs));

  if (options.cancelled && options.cancelled()) throw Interrupted();
  writer.commit();
}

}  // namespace spipsim::experiment
