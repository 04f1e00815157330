#include "sim/experiment/outcomes/breakdowns.hpp"

#include <functional>
#include <optional>

namespace spipsim::experiment {
namespace {

// Assigns a person to one of `labels` (by index), or to none.
struct Dimension {
  std::string by, description;
  std::vector<std::string> labels;
  std::function<std::optional<std::size_t>(const PersonOutcome&)> classify;
};

const std::vector<std::string> kAgeGroups = {"18-20", "21-29", "30-39", "40-49", "50-59", "60+"};

// `sites`: the site groups, or none (no breakdown by site).
std::vector<Dimension> dimensions(const std::vector<model::SiteInfo>* sites) {
  std::vector<Dimension> dims;
  dims.push_back({"age_group", "age at the index date (release or measure start), years",
                  kAgeGroups, [](const PersonOutcome& p) {
                    return std::optional<std::size_t>(p.age_group);
                  }});
  dims.push_back({"sex", "sex", {"man", "woman"}, [](const PersonOutcome& p) {
                    return std::optional<std::size_t>(static_cast<std::size_t>(p.sex));
                  }});
  dims.push_back({"risk_tier",
                  "static risk tier at entry",
                  {"low", "medium", "high"},
                  [](const PersonOutcome& p) {
                    return std::optional<std::size_t>(static_cast<std::size_t>(p.risk_tier));
                  }});
  dims.push_back(
      {"release_type",
       "supervised: released from prison under a sentence adjustment; sortie_seche: released "
       "without one; community: a community measure. Prison entrants not released in the "
       "window are in no group",
       {"supervised", "sortie_seche", "community"},
       [](const PersonOutcome& p) -> std::optional<std::size_t> {
         if (p.origin == model::Origin::Community) return 2;
         if (p.release_type == model::ReleaseType::None) return std::nullopt;
         return model::is_supervised_release(p.release_type) ? 0 : 1;
       }});
  if (sites) {
    std::vector<std::string> codes;
    for (const model::SiteInfo& s : *sites) codes.push_back(s.code);
    std::size_t count = codes.size();
    dims.push_back({"site", "SPIP site (code)", std::move(codes),
                    [count](const PersonOutcome& p) -> std::optional<std::size_t> {
                      if (p.site >= count) return std::nullopt;
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
  return kAgeGroups[age_group_index(age_years)];
}

std::vector<Breakdown> compute_breakdowns(std::span<const std::vector<PersonOutcome>> replicates,
                                          const std::vector<model::SiteInfo>& sites) {
  std::vector<Breakdown> breakdowns;
  // One dimension at a time keeps only one pooled copy of the event times in memory; each
  // group's samples are sized first, so that they do not grow by doubling.
  for (const Dimension& dim : dimensions(replicates.empty() ? nullptr : &sites)) {
    std::vector<std::size_t> sizes(dim.labels.size(), 0);
    for (const std::vector<PersonOutcome>& persons : replicates)
      for (const PersonOutcome& p : persons) {
        std::optional<std::size_t> g = dim.classify(p);
        if (g && *g < sizes.size()) ++sizes[*g];
      }
    std::vector<Accumulator> groups(dim.labels.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
      for (EventSample* sample : {&groups[g].reconviction, &groups[g].reimprisonment}) {
        sample->times.reserve(sizes[g]);
        sample->events.reserve(sizes[g]);
      }
    for (const std::vector<PersonOutcome>& persons : replicates) {
      for (const PersonOutcome& p : persons) {
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

std::vector<Breakdown> compute_breakdowns(const std::vector<model::ReplicateOutput>& outputs) {
  std::vector<std::vector<PersonOutcome>> replicates;
  for (const model::ReplicateOutput& out : outputs)
    replicates.push_back(person_outcomes(out.persons));
  return compute_breakdowns(replicates, outputs.empty() ? std::vector<model::SiteInfo>{}
                                                        : outputs.front().sites);
}

}  // namespace spipsim::experiment
