// The /persons table: the model's PersonRecord, column by column (see results_tables.hpp).
#include <limits>

#include "sim/experiment/results/results_tables.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// -1 (not observed: follow-up ended earlier) becomes NaN so that a mean in pandas skips it.
double outcome(std::int8_t code) {
  return code < 0 ? kNaN : static_cast<double>(code);
}

const char* sex_name(model::Sex sex) {
  return sex == model::Sex::Man ? "man" : "woman";
}

const char* risk_name(model::RiskTier tier) {
  switch (tier) {
    case model::RiskTier::Low:
      return "low";
    case model::RiskTier::Medium:
      return "medium";
    case model::RiskTier::High:
      return "high";
  }
  return "unknown";
}

const char* origin_name(model::Origin origin) {
  return origin == model::Origin::Prison ? "prison" : "community";
}

}  // namespace

io::Table persons_table(const std::vector<std::vector<model::PersonRecord>>& replicates,
                        const std::vector<model::SiteInfo>& sites) {
  std::vector<std::int64_t> replicate, id, priors;
  std::vector<std::string> site, sex, risk, origin, release;
  std::vector<double> age_entry, age_index, entry, index, start, end, to_reconviction, reconvicted,
      to_reimprisonment, reimprisoned, employed_6m, housed_6m, employed_12m, housed_12m,
      reintegrated_12m;
  for (std::size_t r = 0; r < replicates.size(); ++r) {
    for (const model::PersonRecord& p : replicates[r]) {
      replicate.push_back(static_cast<std::int64_t>(r));
      id.push_back(static_cast<std::int64_t>(p.id));
      site.push_back(p.site < sites.size() ? sites[p.site].code : std::to_string(p.site));
      sex.push_back(sex_name(p.sex));
      risk.push_back(risk_name(p.risk_tier));
      origin.push_back(origin_name(p.origin));
      release.push_back(model::release_type_name(p.release_type));
      priors.push_back(p.prior_convictions);
      age_entry.push_back(p.age_at_entry);
      age_index.push_back(p.age_at_index);
      entry.push_back(p.entry_day);
      index.push_back(p.index_day);
      start.push_back(p.measure_start_day);
      end.push_back(p.measure_end_day);
      to_reconviction.push_back(p.days_to_reconviction);
      reconvicted.push_back(p.reconvicted ? 1.0 : 0.0);
      to_reimprisonment.push_back(p.days_to_reimprisonment);
      reimprisoned.push_back(p.reimprisoned ? 1.0 : 0.0);
      employed_6m.push_back(outcome(p.employed_6m));
      housed_6m.push_back(outcome(p.housed_6m));
      employed_12m.push_back(outcome(p.employed_12m));
      housed_12m.push_back(outcome(p.housed_12m));
      reintegrated_12m.push_back(outcome(p.reintegrated_12m));
    }
  }
  const char* days = "days since the start of the observation window";
  io::Table t;
  t.add("replicate", "", "replicate index", std::move(replicate))
      .add("id", "", "person id, unique within a replicate", std::move(id))
      .add("site", "", "SPIP site code", std::move(site))
      .add("sex", "", "man or woman", std::move(sex))
      .add("risk_tier", "", "static risk tier: low, medium or high", std::move(risk))
      .add("origin", "", "prison (index = release) or community (index = measure start)",
           std::move(origin))
      .add("release_type", "", "how the person left prison; none for community measures",
           std::move(release))
      .add("prior_convictions", "convictions", "convictions before entry", std::move(priors))
      .add("age_at_entry", "years", "age at prison entry or measure start", std::move(age_entry))
      .add("age_at_index", "years", "age at the index date", std::move(age_index))
      .add("entry_day", "days", std::string("prison entry or measure start, ") + days,
           std::move(entry))
      .add("index_day", "days", std::string("release or measure start, ") + days, std::move(index))
      .add("measure_start_day", "days", std::string("start of supervision, ") + days,
           std::move(start))
      .add("measure_end_day", "days",
           std::string("end of supervision, ") + days + "; NaN while still supervised",
           std::move(end))
      .add("days_to_reconviction", "days",
           "from the index date to the first reconviction, or to censoring",
           std::move(to_reconviction))
      .add("reconvicted", "1", "1 if reconvicted, 0 if censored", std::move(reconvicted))
      .add("days_to_reimprisonment", "days",
           "from the index date to the first re-imprisonment, or to censoring",
           std::move(to_reimprisonment))
      .add("reimprisoned", "1", "1 if re-imprisoned, 0 if censored", std::move(reimprisoned))
      .add("employed_6m", "1", "employed 6 months after index; NaN if not followed that long",
           std::move(employed_6m))
      .add("housed_6m", "1", "stably housed 6 months after index; NaN if not followed",
           std::move(housed_6m))
      .add("employed_12m", "1", "employed 12 months after index; NaN if not followed",
           std::move(employed_12m))
      .add("housed_12m", "1", "stably housed 12 months after index; NaN if not followed",
           std::move(housed_12m))
      .add("reintegrated_12m", "1",
           "work or training, stable housing and no reconviction at 12 months; NaN if not "
           "followed",
           std::move(reintegrated_12m));
  return t;
}

}  // namespace spipsim::experiment
