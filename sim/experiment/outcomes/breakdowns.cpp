#include "sim/experiment/outcomes/breakdowns.hpp"

#include <functional>
#include <optional>

namespace spipsim::experiment {
namespace {

// Assigns a person to one of `labels` (by index), or to none.
struct Dimension {
  std::string by, description;
  std::vector<std::string> labels;
  std::function<std::optional<std::size_t>(const model::PersonRecord&)> classify;
};

const std::vector<std::string> kAgeGroups = {"18-20", "21-29", "30-39", "40-49", "50-59", "60+"};

std::size_t age_index(double age) {
  if (!(age >= 21)) return 0;  // NaN too: a data error should not be undefined behaviour
  if (age >= 60) return 5;
  return static_cast<std::size_t>(age / 10.0) - 1;  // 21-29 -> 1, ..., 50-59 -> 4
}

std::vector<Dimension> dimensions(const std::vector<model::ReplicateOutput>& outputs) {
  std::vector<Dimension> dims;
  dims.push_back({"age_group", "age at the index date (release or measure start), years",
                  kAgeGroups, [](const model::PersonRecord& p) {
                    return std::optional<std::size_t>(age_index(p.age_at_index));
                  }});
  dims.push_back({"sex", "sex", {"man", "woman"}, [](const model::PersonRecord& p) {
                    return std::optional<std::size_t>(static_cast<std::size_t>(p.sex));
                  }});
  dims.push_back({"risk_tier",
                  "static risk tier at entry",
                  {"low", "medium", "high"},
                  [](const model::PersonRecord& p) {
                    return std::optional<std::size_t>(static_cast<std::size_t>(p.risk_tier));
                  }});
  dims.push_back(
      {"release_type",
       "supervised: released from prison under a sentence adjustment; sortie_seche: released "
       "without one; community: a community measure. Prison entrants not released in the "
       "window are in no group",
       {"supervised", "sortie_seche", "community"},
       [](const model::PersonRecord& p) -> std::optional<std::size_t> {
         if (p.origin == model::Origin::Community) return 2;
         if (p.release_type == model::ReleaseType::None) return std::nullopt;
         return model::is_supervised_release(p.release_type) ? 0 : 1;
       }});
  if (!outputs.empty()) {
    std::vector<std::string> codes;
    for (const model::SiteInfo& s : outputs.front().sites) codes.push_back(s.code);
    std::size_t sites = codes.size();
    dims.push_back({"site", "SPIP site (code)", std::move(codes),
                    [sites](const model::PersonRecord& p) -> std::optional<std::size_t> {
                      if (p.site >= sites) return std::nullopt;
                      return p.site;
                    }});
  }
  return dims;
}

struct Accumulator {
  EventSample reconviction, reimprisonment;
  ShareCount reintegrated;
};

SubgroupRow estimate(std::string label, const Accumulator& a) {
  SubgroupRow row;
  row.group = std::move(label);
  row.n = static_cast<std::int64_t>(a.reconviction.size());
  stats::SurvivalTable reconviction = survival_of(a.reconviction);
  row.reconviction_1y = incidence_at(reconviction, a.reconviction, years_to_days(1));
  row.reconviction_2y = incidence_at(reconviction, a.reconviction, years_to_days(2));
  row.reconviction_5y = incidence_at(reconviction, a.reconviction, years_to_days(5));
  row.reimprisonment_1y = incidence_at(a.reimprisonment, years_to_days(1));
  row.reintegrated_12m = a.reintegrated.share();
  row.reintegrated_known = a.reintegrated.known;
  return row;
}

}  // namespace

std::string_view age_group(double age_years) {
  return kAgeGroups[age_index(age_years)];
}

std::vector<Breakdown> compute_breakdowns(const std::vector<model::ReplicateOutput>& outputs) {
  std::vector<Breakdown> breakdowns;
  // One dimension at a time keeps only one pooled copy of the event times in memory.
  for (const Dimension& dim : dimensions(outputs)) {
    std::vector<Accumulator> groups(dim.labels.size());
    for (const model::ReplicateOutput& out : outputs) {
      for (const model::PersonRecord& p : out.persons) {
        std::optional<std::size_t> g = dim.classify(p);
        if (!g || *g >= groups.size()) continue;
        groups[*g].reconviction.add(p, Outcome::Reconviction);
        groups[*g].reimprisonment.add(p, Outcome::Reimprisonment);
        groups[*g].reintegrated.add(p.reintegrated_12m);
      }
    }
    Breakdown breakdown{dim.by, dim.description, {}};
    for (std::size_t g = 0; g < groups.size(); ++g)
      breakdown.rows.push_back(estimate(dim.labels[g], groups[g]));
    breakdowns.push_back(std::move(breakdown));
  }
  return breakdowns;
}

}  // namespace spipsim::experiment
