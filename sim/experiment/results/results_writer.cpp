#include "sim/experiment/results/results_writer.hpp"

#include <stdexcept>

#include "sim/experiment/results/results_tables.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/io/h5_file_writer.hpp"
#include "sim/io/run_manifest.hpp"

namespace spipsim::experiment {

void write_run_tables(io::H5FileWriter& writer, std::string_view prefix,
                      std::chrono::year_month_day start_date, const RunAnalysis& analysis,
                      const std::vector<model::SiteInfo>& sites) {
  auto at = [prefix](std::string_view path) { return std::string(prefix) + std::string(path); };
  writer.table(at("/summary"), summary_table(analysis.summary));
  writer.table(at("/replicates"), replicates_table(analysis.summary));
  writer.table(at("/timeseries/national"), series_table(analysis.national, start_date));
  writer.table(at("/timeseries/sites"), series_table(analysis.sites, start_date));
  if (analysis.site_years.rows() > 0) writer.table(at("/site_years"), analysis.site_years);
  writer.table(at("/survival/reconviction"), survival_table(analysis.survival.pooled));
  writer.attribute(at("/survival/reconviction"), "method",
                   "Kaplan-Meier on the persons of all replicates pooled, Greenwood band");
  writer.table(at("/survival/reconviction_monthly"), monthly_survival_table(analysis.survival));
  writer.attribute(at("/survival/reconviction_monthly"), "method",
                   "Kaplan-Meier per replicate; mean and t interval over replicates");
  for (const Breakdown& b : analysis.breakdowns) {
    std::string group = at("/breakdowns/" + b.by);
    writer.table(group, breakdown_table(b));
    writer.attribute(group, "method",
                     "pooled over replicates: one Kaplan-Meier curve per group with its "
                     "Greenwood band (persons treated as independent)");
  }
  writer.table(at("/sites"), sites_table(sites));
}

void write_run_manifest(io::H5FileWriter& writer, const RunInfo& info, std::string_view kind) {
  io::RunManifest manifest;
  manifest.command_line = info.command_line;
  manifest.scenario_name = info.scenario;
  manifest.scenario_text = info.resolved_toml;
  manifest.scenario_description = info.description;
  manifest.seed = info.seed;
  manifest.replicates = info.replicates;
  manifest.years = info.years;
  manifest.kind = std::string(kind);
  io::write_manifest(writer, io::make_manifest(std::move(manifest)));
  writer.attribute("/manifest", "threads", info.threads);
  writer.attribute("/manifest", "start_date", month_label(info.start_date, 0));
  writer.attribute("/manifest", "confidence_level", kConfidenceLevel);
}

void write_results(const std::filesystem::path& path, const RunInfo& info,
                   const RunAnalysis& analysis, const ResultsOptions& options) {
  if (options.person_table && analysis.person_records.size() != info.replicates)
    throw std::logic_error("write_results: the person table needs the analysis to keep every "
                           "replicate's person records");
  io::H5FileWriter writer(path);
  write_run_manifest(writer, info, "run");
  write_run_tables(writer, "", info.start_date, analysis, analysis.site_info);
  if (options.person_table)
    writer.table("/persons", persons_table(analysis.person_records, analysis.site_info));

  if (options.cancelled && options.cancelled()) throw Interrupted();
  writer.commit();
}

}  // namespace spipsim::experiment
