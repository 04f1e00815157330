#pragma once
// A run's analysis fed one replicate at a time, as each finishes, so that a run holds
// what its results need rather than every replicate's output (bench/README.md, "Session 6").
//
// Two steps. As soon as a replicate finishes, on the thread that ran it, its output is
// reduced to a ReplicateDigest: every figure that depends on that replicate alone (its
// headlines, its monthly survival, its monthly and site-year values) and a 24-byte
// PersonOutcome per person for the estimates pooled over replicates; then the output is
// freed. The digests are then folded in replicate order, whatever the order the replicates
// finished in (a digest that finishes early waits for its predecessors): each mean over
// replicates is a floating-point sum in replicate order, and the pooled samples list persons
// replicate by replicate, exactly as `analyse` over the whole vector of outputs does. So the
// results are the same bytes for any thread or rank count and any finishing order.
//
// What stays until the end: the PersonOutcomes (the pooled Kaplan-Meier curves of the
// breakdowns and of /survival/reconviction need every person's time), the per-replicate
// headlines and monthly survival, one fold of each table, and, only for the /persons table,
// every PersonRecord.
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "sim/experiment/outcomes/monthly_series.hpp"
#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "sim/experiment/outcomes/run_analysis.hpp"
#include "sim/experiment/outcomes/site_years.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

// What one replicate contributes to the analysis of its run.
struct ReplicateDigest {
  std::vector<double> headlines;  // headline_values
  std::vector<double> survival;   // monthly_survival
  MonthlyPart monthly;
  SiteYearPart site_years;
  std::vector<PersonOutcome> persons;
  std::vector<model::SiteInfo> sites;
  // Reconvictions (every person at risk) per year of the window, for `compare`.
  double reconvictions_per_year = 0;
  std::vector<model::PersonRecord> person_records;  // only when kept for /persons
};

ReplicateDigest digest_replicate(const model::ReplicateOutput& out, bool keep_person_records);

class RunAccumulator {
 public:
  // A run of `replicates` replicates (0 .. replicates - 1). With `keep_person_records`, every
  // PersonRecord is kept for the /persons table.
  explicit RunAccumulator(std::uint32_t replicates, bool keep_person_records = false);

  // Replicate `replicate`'s output, in any order, from any thread (calls may overlap): it is
  // digested on the calling thread, then folded once every replicate before it is.
  // Throws std::invalid_argument for a replicate out of range or given twice, and when a
  // replicate has other months or sites than replicate 0.
  // The rvalue form frees the output once it is digested.
  void add(std::uint32_t replicate, model::ReplicateOutput&& output);
  void add(std::uint32_t replicate, const model::ReplicateOutput& output);

  // Once every replicate is in (std::logic_error otherwise): the analysis, as `analyse`
  // gives it. Leaves the accumulator empty.
  RunAnalysis finish(double level = kConfidenceLevel);

  // Bytes of person data held now: the PersonOutcomes (folded or waiting) and any kept
  // PersonRecords. What a run's memory grows by per replicate (the rest is per replicate
  // and small: headlines, monthly survival, waiting parts).
  std::size_t person_bytes_held();

  // Per replicate, in order (valid after finish): see ReplicateDigest.
  const std::vector<double>& reconvictions_per_year() const { return reconvictions_per_year_; }

 private:
  void fold(ReplicateDigest& digest);

  std::mutex mutex_;
  std::uint32_t replicates_ = 0;
  bool keep_person_records_ = false;
  std::uint32_t next_ = 0;                               // replicates before this one are folded
  std::vector<std::optional<ReplicateDigest>> waiting_;  // finished early, by replicate
  std::vector<bool> given_;
  // The folds, in replicate order.
  std::vector<std::vector<double>> headlines_, survival_;
  MonthlySeriesFold monthly_;
  SiteYearFold site_years_;
  std::vector<std::vector<PersonOutcome>> persons_;
  std::vector<model::SiteInfo> sites_;
  std::vector<double> reconvictions_per_year_;
  std::vector<std::vector<model::PersonRecord>> person_records_;
};

}  // namespace spipsim::experiment
