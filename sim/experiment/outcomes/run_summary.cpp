#include "sim/experiment/outcomes/run_summary.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/experiment/outcomes/caseload_moments.hpp"
#include "sim/experiment/outcomes/person_outcomes.hpp"
#include "sim/stats/summary.hpp"

namespace spipsim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One replicate's value of one headline. Every replicate yields the same figures in the
// order of the catalogue (headlines.def), which describes them; replicate_figures() checks the names.
struct Figure {
  std::string name;
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
                       incidence_at(reconviction_km, reconviction, years_to_days(years)).value});
  }
  stats::SurvivalTable reimprisonment_km = survival_of(reimprisonment);
  for (int years : {1, 2, 5}) {
    std::string y = std::to_string(years);
    figures.push_back(
        {"reimprisonment_" + y + "y",
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
  figures.push_back({"employed_12m", employed.share()});
  figures.push_back({"housed_12m", housed.share()});
  figures.push_back({"reintegrated_12m", reintegrated.share()});
  figures.push_back({"supervised_release_share", supervised_release.share()});
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
  figures.push_back({"caseload_mean", ratio(mean, counted)});
  figures.push_back({"caseload_p50", ratio(p50, counted)});
  figures.push_back({"caseload_p90", ratio(p90, counted)});
  figures.push_back({"caseload_max", ratio(max, counted)});
  figures.push_back({"contacts_due_per_year", ratio(due, years)});
  figures.push_back({"contacts_delivered_per_year", ratio(delivered, years)});
  figures.push_back({"contacts_delivered_ratio", ratio(delivered, due)});
  figures.push_back({"assessment_wait_days", ratio(assessment_wait, assessments)});
  for (int t = 0; t < model::kPartnerTypes; ++t) {
    std::string key(partner_key(static_cast<model::PartnerType>(t)));
    figures.push_back({"partner_wait_" + key + "_days", ratio(waited[t], started[t])});
  }
  figures.push_back({"releases_per_year", ratio(releases, years)});
  figures.push_back({"detained", ratio(detained, months)});
  figures.push_back({"supervised", ratio(supervised, months)});
}

// The legal routes: remand, the libération sous contrainte by right, aménagements before
// incarceration with the SPIP's investigation hours, TIG placements.
void add_routes(const model::ReplicateOutput& out, std::vector<Figure>& figures) {
  const double years = out.months / 12.0;
  double detained = 0, pretrial = 0, lsc = 0, ab_initio = 0, investigation = 0, tig = 0,
         unserved = 0;
  for (const model::MonthlySiteRecord& m : out.monthly) {
    detained += m.detained, pretrial += m.detained_pretrial, lsc += m.releases_lsc_by_right;
    ab_initio += m.ab_initio, investigation += m.hours_investigation;
    tig += m.tig_started, unserved += m.tig_unserved;
  }
  figures.push_back({"prevenus_share", ratio(pretrial, detained)});
  figures.push_back({"lsc_by_right_per_year", ratio(lsc, years)});
  figures.push_back({"ab_initio_per_year", ratio(ab_initio, years)});
  figures.push_back({"investigation_hours_per_year", ratio(investigation, years)});
  figures.push_back({"tig_started_per_year", ratio(tig, years)});
  figures.push_back({"tig_unserved_per_year", ratio(unserved, years)});
}

// Days actually spent in each legal status, per year of the window: what the costs multiply.
void add_status_days(const model::ReplicateOutput& out, std::vector<Figure>& figures) {
  const double years = out.months / 12.0;
  double d[8] = {};
  for (const model::MonthlySiteRecord& m : out.monthly) {
    d[0] += m.pretrial_days, d[1] += m.prison_days - m.pretrial_days;
    d[2] += m.electronic_monitoring_days, d[3] += m.semi_liberte_days;
    d[4] += m.placement_exterieur_days, d[5] += m.conditional_release_days;
    d[6] += m.tig_days, d[7] += m.community_days;
  }
  const char* names[8] = {"days_pretrial_per_year",          "days_prison_sentenced_per_year",
                          "days_electronic_monitoring_per_year", "days_semi_liberte_per_year",
                          "days_placement_exterieur_per_year", "days_conditional_release_per_year",
                          "days_tig_per_year",                "days_community_per_year"};
  for (int k = 0; k < 8; ++k) figures.push_back({names[k], ratio(d[k], years)});
}

void add_costs(const model::ReplicateOutput& out, std::vector<Figure>& figures) {
  const double years = out.months / 12.0;
  const double total = out.cost_officers_eur + out.cost_prison_eur + out.cost_community_eur +
                       out.cost_electronic_monitoring_eur + out.cost_semi_liberte_eur +
                       out.cost_partners_eur + out.cost_digital_eur + out.cost_training_eur +
                       out.cost_insertion_eur + out.cost_placement_exterieur_eur +
                       out.cost_conditional_release_eur + out.cost_tig_eur;
  auto cost = [&](const char* name, double eur) { figures.push_back({name, ratio(eur, years)}); };
  cost("cost_officers_per_year", out.cost_officers_eur);
  cost("cost_prison_per_year", out.cost_prison_eur);
  cost("cost_community_per_year", out.cost_community_eur);
  cost("cost_electronic_monitoring_per_year", out.cost_electronic_monitoring_eur);
  cost("cost_semi_liberte_per_year", out.cost_semi_liberte_eur);
  cost("cost_placement_exterieur_per_year", out.cost_placement_exterieur_eur);
  cost("cost_conditional_release_per_year", out.cost_conditional_release_eur);
  cost("cost_tig_per_year", out.cost_tig_eur);
  cost("cost_partners_per_year", out.cost_partners_eur);
  cost("cost_digital_per_year", out.cost_digital_eur);
  cost("cost_training_per_year", out.cost_training_eur);
  cost("cost_insertion_per_year", out.cost_insertion_eur);
  cost("cost_total_per_year", total);
}

std::vector<Figure> replicate_figures(const model::ReplicateOutput& out) {
  std::vector<Figure> figures;
  add_recidivism(out, figures);
  add_reintegration(out, figures);
  add_workload(out, figures);
  add_routes(out, figures);
  add_status_days(out, figures);  // what the costs below multiply
  add_costs(out, figures);
  // The catalogue describes the figures by position: a figure computed here must have its
  // row there, in the same place.
  const std::span<const HeadlineEntry> catalogue = headline_catalogue();
  bool same = figures.size() == catalogue.size();
  for (std::size_t i = 0; same && i < figures.size(); ++i)
    same = figures[i].name == catalogue[i].name;
  if (!same)
    throw std::logic_error("the headlines computed in run_summary.cpp differ from headlines.def");
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

std::vector<double> headline_values(const model::ReplicateOutput& out) {
  std::vector<double> values;
  for (const Figure& figure : replicate_figures(out)) values.push_back(figure.value);
  return values;
}

RunSummary summary_of(std::span<const std::vector<double>> values_by_replicate, double level) {
  // The descriptions come from the catalogue, so that they exist even with no replicates.
  RunSummary summary;
  for (const HeadlineEntry& spec : headline_catalogue())
    summary.headlines.push_back(Headline{std::string(spec.name),
                                         std::string(spec.label),
                                         std::string(spec.unit),
                                         spec.group,
                                         {},
                                         {}});
  for (const std::vector<double>& values : values_by_replicate)
    for (std::size_t i = 0; i < values.size(); ++i)
      summary.headlines.at(i).per_replicate.push_back(values[i]);
  for (Headline& h : summary.headlines)
    h.interval = interval_over_replicates(h.per_replicate, level);
  return summary;
}

RunSummary summarise(const std::vector<model::ReplicateOutput>& outputs, double level) {
  std::vector<std::vector<double>> values;
  for (const model::ReplicateOutput& out : outputs) values.push_back(headline_values(out));
  return summary_of(values, level);
}

}  // namespace spipsim::experiment
