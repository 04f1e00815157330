#include "sim/experiment/outcomes/run_accumulator.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "sim/experiment/outcomes/breakdowns.hpp"
#include "sim/experiment/outcomes/reconviction_survival.hpp"
#include "sim/experiment/outcomes/run_summary.hpp"

namespace spipsim::experiment {

ReplicateDigest digest_replicate(const model::ReplicateOutput& out, bool keep_person_records) {
  ReplicateDigest digest;
  digest.headlines = headline_values(out);
  digest.survival = monthly_survival(out);
  digest.monthly = monthly_part(out);
  digest.site_years = site_year_part(out);
  digest.persons = person_outcomes(out.persons);
  digest.sites = out.sites;
  double reconvictions = 0;
  for (const model::MonthlySiteRecord& m : out.monthly) reconvictions += m.reconvictions;
  // Years as the headlines count them (months / 12), so the figures line up.
  digest.reconvictions_per_year = out.months > 0 ? reconvictions / (out.months / 12.0)
                                                 : std::numeric_limits<double>::quiet_NaN();
  if (keep_person_records) digest.person_records = out.persons;  // the /persons table
  return digest;
}

RunAccumulator::RunAccumulator(std::uint32_t replicates, bool keep_person_records)
    : replicates_(replicates),
      keep_person_records_(keep_person_records),
      waiting_(replicates),
      given_(replicates, false) {}

void RunAccumulator::add(std::uint32_t replicate, model::ReplicateOutput&& output) {
  const model::ReplicateOutput out = std::move(output);  // freed once digested
  add(replicate, out);
}

void RunAccumulator::add(std::uint32_t replicate, const model::ReplicateOutput& output) {
  {
    std::lock_guard lock(mutex_);
    if (replicate >= replicates_ || given_[replicate])
      throw std::invalid_argument("run analysis: replicate " + std::to_string(replicate) +
                                  (replicate >= replicates_ ? " is out of range" : " given twice"));
    given_[replicate] = true;
  }
  ReplicateDigest digest = digest_replicate(std::move(output), keep_person_records_);
  std::lock_guard lock(mutex_);
  waiting_[replicate] = std::move(digest);
  while (next_ < replicates_ && waiting_[next_]) {
    fold(*waiting_[next_]);
    waiting_[next_].reset();
    ++next_;
  }
}

void RunAccumulator::fold(ReplicateDigest& digest) {
  if (next_ == 0) sites_ = std::move(digest.sites);
  headlines_.push_back(std::move(digest.headlines));
  survival_.push_back(std::move(digest.survival));
  monthly_.add(digest.monthly);
  site_years_.add(digest.site_years);
  persons_.push_back(std::move(digest.persons));
  reconvictions_per_year_.push_back(digest.reconvictions_per_year);
  if (keep_person_records_) person_records_.push_back(std::move(digest.person_records));
}

std::size_t RunAccumulator::person_bytes_held() {
  std::lock_guard lock(mutex_);
  std::size_t bytes = 0;
  auto add = [&bytes](const auto& records) {
    bytes += records.capacity() * sizeof(records.front());
  };
  for (const auto& persons : persons_) add(persons);
  for (const auto& records : person_records_) add(records);
  for (const auto& digest : waiting_)
    if (digest) add(digest->persons), add(digest->person_records);
  return bytes;
}

RunAnalysis RunAccumulator::finish(double level) {
  std::lock_guard lock(mutex_);
  if (next_ != replicates_)
    throw std::logic_error("run analysis: replicate " + std::to_string(next_) + " is missing");
  RunAnalysis analysis;
  analysis.summary = summary_of(headlines_, level);
  analysis.breakdowns = compute_breakdowns(persons_, sites_);
  analysis.survival = reconviction_survival(survival_, persons_, level);
  persons_.clear();
  persons_.shrink_to_fit();
  analysis.national = monthly_.national();
  analysis.sites = monthly_.sites();
  analysis.site_years = site_years_.table();
  analysis.site_info = std::move(sites_);
  analysis.person_records = std::move(person_records_);
  return analysis;
}

}  // namespace spipsim::experiment
