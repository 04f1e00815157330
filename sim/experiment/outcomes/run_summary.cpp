#include "sim/experiment/outcomes/run_summary.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "sim/experiment/outcomes/caseload_moments.hpp"
#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One replicate's value of one headline, with the headline's description. Every replicate
// yields the same figures in the same order; the descriptions do not depend on the data.
struct Figure {
  std::string name, label, unit;
  HeadlineGroup group;
  double value;
};

double ratio(double numerator, double denominator) {
  return denominator > 0.0 ? numerator / denominator : kNaN;
}

void add_recidivism(const model::ReplicateOutput& out, std::vector<Figure>& figures) {
  EventSample reconviction, reimprisonment;
  for (const model::PersonRecord& p : out.persons) {
    reconviction.add(p, Outcome::Reconviction);
    reimprisonment.add(p, Outcome::Reimprisonment);
  }
  stats::SurvivalTable reconviction_km = survival_of(reconviction);
  for (int years : {1, 2, 3, 5}) {
    std::string y = std::to_string(years);
    figures.push_back({"reconviction_" + y + "y",
                       "Reconviction within " + y + (years == 1 ? " year" : " years"), "share",
                       HeadlineGroup::Recidivism,
                       incidence_at(reconviction_km, reconviction, years_to_days(years)).value});
  }
  stats::SurvivalTable reimprisonment_km = survival_of(reimprisonment);
  for (int years : {1, 2, 5}) {
    std::string y = std::to_string(years);
    figures.push_back(
        {"reimprisonment_" + y + "y",
         "Re-imprisonment within " + y + (years == 1 ? " year" : " years"), "share",
         HeadlineGroup::Recidivism,
         incidence_at(reimprisonment_km, reimprisonment, years_to_days(years)).value});
  }
}

void add_reintegration(const model::ReplicateOutput& out, std::vector<Figure>& figures) {
  ShareCount employed, housed, reintegrated, supervised_release;
  for (const model::PersonRecord& p : out.persons) {
    employed.add(p.employed_12m);
    housed.add(p.housed_12m);
    reintegrated.add(p.reintegrated_12m);
    if (p.origin == model::Origin::Prison && p.release_type != model::ReleaseType::None)
      supervised_release.add(model::is_supervised_release(p.release_type) ? 1 : 0);
  }
  auto group = HeadlineGroup::Reintegration;
  figures.push_back({"employed_12m", "Employed at 12 months", "share", group, employed.share()});
  figures.push_back({"housed_12m", "Stably housed at 12 months", "share", group, housed.share()});
  figures.push_back(
      {"reintegrated_12m", "Reintegrated at 12 months", "share", group, reintegrated.share()});
  figures.push_back({"supervised_release_share", "Supervised releases (amenagements)", "share",
                     group, supervised_release.share()});
}

void add_workload(const model::ReplicateOutput& out, std::vector<Figure>& figures) {
  const double years = out.months / 12.0;
  const double months = static_cast<double>(out.months);
  double mean = 0, p50 = 0, p90 = 0, max = 0, counted = 0;
  for (const auto& month : out.officer_caseloads_by_month) {
    if (month.empty()) continue;
    CaseloadMoments m = caseload_moments(month);
    mean += m.mean, p50 += m.p50, p90 += m.p90, max += m.max, counted += 1;
  }
  double due = 0, delivered = 0, assessments = 0, assessment_wait = 0, releases = 0;
  double detained = 0, supervised = 0;
  double started[model::kPartnerTypes] = {}, waited[model::kPartnerTypes] = {};
  for (const model::MonthlySiteRecord& m : out.monthly) {
    due += m.contacts_due, delivered += m.contacts_delivered;
    assessments += m.assessments, assessment_wait += m.assessment_wait_days_sum;
    releases += m.releases, detained += m.detained, supervised += m.supervised;
    for (int t = 0; t < model::kPartnerTypes; ++t)
      started[t] += m.partner_started[t], waited[t] += m.partner_wait_days_sum[t];
  }
  auto group = HeadlineGroup::Workload;
  const std::string cases = "cases/officer";
  figures.push_back(
      {"caseload_mean", "Caseload per officer, mean", cases, group, ratio(mean, counted)});
  figures.push_back(
      {"caseload_p50", "Caseload per officer, median", cases, group, ratio(p50, counted)});
  figures.push_back(
      {"caseload_p90", "Caseload per officer, 90th percentile", cases, group, ratio(p90, counted)});
  figures.push_back(
      {"caseload_max", "Caseload per officer, maximum", cases, group, ratio(max, counted)});
  figures.push_back(
      {"contacts_due_per_year", "Contacts due", "contacts/year", group, ratio(due, years)});
  figures.push_back({"contacts_delivered_per_year", "Contacts delivered", "contacts/year", group,
                     ratio(delivered, years)});
  figures.push_back({"contacts_delivered_ratio", "Contacts delivered / due", "share", group,
                     ratio(delivered, due)});
  figures.push_back({"assessment_wait_days", "Wait for assessment, mean", "days", group,
                     ratio(assessment_wait, assessments)});
  for (int t = 0; t < model::kPartnerTypes; ++t) {
    auto type = static_cast<model::PartnerType>(t);
    std::string key(partner_key(type));
    figures.push_back({"partner_wait_" + key + "_days", "Wait for " + key + " partner, mean",
                       "days", group, ratio(waited[t], started[t])});
  }
  figures.push_back(
      {"releases_per_year", "Releases from prison", "people/year", group, ratio(releases, years)});
  figures.push_back({"detained", "Detained, mean", "people", group, ratio(detained, months)});
  figures.push_back({"supervised", "Supervised in the community, mean", "people", group,
                     ratio(supervised, months)});
}

void add_costs(const model::ReplicateOutput& out, std::vector<Figure>& figures) {
  const double years = out.months / 12.0;
  const double total = out.cost_officers_eur + out.cost_prison_eur + out.cost_community_eur +
                       out.cost_electronic_monitoring_eur + out.cost_semi_liberte_eur +
                       out.cost_partners_eur + out.cost_digital_eur + out.cost_training_eur +
                       out.cost_insertion_eur;
  auto cost = [&](const char* name, const char* label, double eur) {
    figures.push_back({name, label, "EUR/year", HeadlineGroup::Costs, ratio(eur, years)});
  };
  cost("cost_officers_per_year", "Probation officers", out.cost_officers_eur);
  cost("cost_prison_per_year", "Prison", out.cost_prison_eur);
  cost("cost_community_per_year", "Community supervision", out.cost_community_eur);
  cost("cost_electronic_monitoring_per_year", "Electronic monitoring",
       out.cost_electronic_monitoring_eur);
  cost("cost_semi_liberte_per_year", "Semi-liberte", out.cost_semi_liberte_eur);
  cost("cost_partners_per_year", "Partners", out.cost_partners_eur);
  cost("cost_digital_per_year", "Digital tools", out.cost_digital_eur);
  cost("cost_training_per_year", "Officer training (RNR)", out.cost_training_eur);
  cost("cost_insertion_per_year", "Reserved insertion jobs", out.cost_insertion_eur);
  cost("cost_total_per_year", "Total", total);
}

std::vector<Figure> replicate_figures(const model::ReplicateOutput& out) {
  std::vector<Figure> figures;
  add_recidivism(out, figures);
  add_reintegration(out, figures);
  add_workload(out, figures);
  add_costs(out, figures);
  return figures;
}

}  // namespace

std::string_view partner_key(model::PartnerType type) {
  switch (type) {
    case model::PartnerType::Employment:
      return "employment";
    case model::PartnerType::Housing:
      return "housing";
    case model::PartnerType::Health:
      return "health";
    case model::PartnerType::Rights:
      return "rights";
    case model::PartnerType::Training:
      return "training";
  }
  return "unknown";
}

stats::Interval interval_over_replicates(const std::vector<double>& values, double level) {
  std::vector<double> defined;
  for (double v : values)
    if (!std::isnan(v)) defined.push_back(v);
  if (defined.empty()) return stats::Interval{kNaN, kNaN, kNaN, kNaN, 0};
  return stats::mean_interval(defined, level);
}

const Headline* RunSummary::find(std::string_view name) const {
  for (const Headline& h : headlines)
    if (h.name == name) return &h;
  return nullptr;
}

RunSummary summarise(const std::vector<model::ReplicateOutput>& outputs, double level) {
  // The descriptions come from an empty output so that they exist even with no replicates.
  RunSummary summary;
  for (Figure& f : replicate_figures(model::ReplicateOutput{}))
    summary.headlines.push_back(
        Headline{std::move(f.name), std::move(f.label), std::move(f.unit), f.group, {}, {}});
  for (const model::ReplicateOutput& out : outputs) {
    std::vector<Figure> figures = replicate_figures(out);
    for (std::size_t i = 0; i < figures.size(); ++i)
      summary.headlines[i].per_replicate.push_back(figures[i].value);
  }
  for (Headline& h : summary.headlines)
    h.interval = interval_over_replicates(h.per_replicate, level);
  return summary;
}

}  // namespace spipsim::experiment
