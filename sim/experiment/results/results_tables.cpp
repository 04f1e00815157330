#include "sim/experiment/results/results_tables.hpp"

#include <cstdio>
#include <limits>

namespace spipsim::experiment {
namespace {

// Units whose value differs row by row are named by another column of the same table.
constexpr const char* kRowUnit = "see column 'unit'";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class Source>
std::vector<std::int64_t> as_int64(const Source& values) {
  return std::vector<std::int64_t>(values.begin(), values.end());
}
template <class Source>
std::vector<double> as_double(const Source& values) {
  return std::vector<double>(values.begin(), values.end());
}

}  // namespace

std::string month_label(std::chrono::year_month_day start, std::int64_t months) {
  std::chrono::year_month ym = start.year() / start.month();
  ym += std::chrono::months(months);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(ym.year()),
                static_cast<unsigned>(ym.month()));
  return text;
}

io::Table summary_table(const RunSummary& summary) {
  std::vector<std::string> name, label, unit, group;
  std::vector<double> mean, lo, hi, sd;
  std::vector<std::int64_t> n;
  for (const Headline& h : summary.headlines) {
    name.push_back(h.name);
    label.push_back(h.label);
    unit.push_back(h.unit);
    group.push_back(std::string(group_name(h.group)));
    mean.push_back(h.interval.mean);
    lo.push_back(h.interval.lo);
    hi.push_back(h.interval.hi);
    sd.push_back(h.interval.sd);
    n.push_back(static_cast<std::int64_t>(h.interval.n));
  }
  io::Table t;
  t.add("name", "", "machine name of the headline figure", std::move(name))
      .add("label", "", "human label", std::move(label))
      .add("unit", "", "unit of mean, lo, hi and sd; a share is in [0, 1]", std::move(unit))
      .add("group", "", "Recidivism, Reintegration, Workload or Costs", std::move(group))
      .add("mean", kRowUnit, "mean over replicates", std::move(mean))
      .add("lo", kRowUnit, "lower bound of the 95% confidence interval of the mean", std::move(lo))
      .add("hi", kRowUnit, "upper bound of the 95% confidence interval of the mean", std::move(hi))
      .add("sd", kRowUnit, "standard deviation over replicates", std::move(sd))
      .add("n", "replicates", "replicates where the figure is defined", std::move(n));
  return t;
}

io::Table replicates_table(const RunSummary& summary) {
  std::vector<std::int64_t> replicate;
  std::vector<std::string> name;
  std::vector<double> value;
  std::size_t replicates =
      summary.headlines.empty() ? 0 : summary.headlines[0].per_replicate.size();
  for (std::size_t r = 0; r < replicates; ++r)
    for (const Headline& h : summary.headlines) {
      replicate.push_back(static_cast<std::int64_t>(r));
      name.push_back(h.name);
      value.push_back(r < h.per_replicate.size() ? h.per_replicate[r] : kNaN);
    }
  io::Table t;
  t.add("replicate", "", "replicate index", std::move(replicate))
      .add("name", "", "headline name, as in /summary", std::move(name))
      .add("value", "see /summary unit", "the replicate's value; NaN where undefined",
           std::move(value));
  return t;
}

io::Table series_table(const MonthlySeries& series, std::chrono::year_month_day start_date) {
  std::vector<std::string> date;
  for (std::int64_t m : series.month) date.push_back(month_label(start_date, m));
  io::Table t;
  t.add("month", "months", "months since the start of the observation window", series.month)
      .add("date", "", "calendar month, YYYY-MM", std::move(date));
  if (!series.site.empty()) t.add("site", "", "SPIP site code", series.site);
  for (const Series& s : series.series)
    t.add(s.name, s.unit, s.description + " (mean over replicates)", s.values);
  return t;
}

io::Table survival_table(const stats::SurvivalTable& table) {
  io::Table t;
  t.add("time", "days", "days since the index date (release or start of the measure)",
        as_double(table.time))
      .add("survival", "1", "Kaplan-Meier probability of no reconviction yet",
           as_double(table.survival))
      .add("lo", "1", "lower bound of the 95% Greenwood band", as_double(table.lo))
      .add("hi", "1", "upper bound of the 95% Greenwood band", as_double(table.hi))
      .add("at_risk", "people", "people at risk just before this time", as_int64(table.at_risk))
      .add("events", "people", "reconvictions at this time", as_int64(table.events))
      .add("censored", "people", "follow-ups ending at this time without reconviction",
           as_int64(table.censored));
  return t;
}

io::Table monthly_survival_table(const ReconvictionSurvival& s) {
  io::Table t;
  t.add("month", "months", "months since the index date", s.month)
      .add("day", "days", "days since the index date (month * 365.25 / 12)", s.day)
      .add("mean", "1", "probability of no reconviction yet, mean over replicates", s.mean)
      .add("lo", "1", "lower bound of the 95% confidence interval over replicates", s.lo)
      .add("hi", "1", "upper bound of the 95% confidence interval over replicates", s.hi)
      .add("replicates", "replicates", "replicates with someone followed up this long",
           s.replicates);
  return t;
}

io::Table breakdown_table(const Breakdown& b) {
  std::vector<std::string> group;
  std::vector<std::int64_t> n, known;
  std::vector<double> reintegrated;
  for (const SubgroupRow& row : b.rows) {
    group.push_back(row.group);
    n.push_back(row.n);
    known.push_back(row.reintegrated_known);
    reintegrated.push_back(row.reintegrated_12m);
  }
  io::Table t;
  t.add("group", "", b.description, std::move(group))
      .add("n", "people", "persons in the group, pooled over replicates", std::move(n));
  auto incidence = [&](const char* name, const char* what, Incidence SubgroupRow::*field) {
    std::vector<double> value, lo, hi;
    for (const SubgroupRow& row : b.rows) {
      value.push_back((row.*field).value);
      lo.push_back((row.*field).lo);
      hi.push_back((row.*field).hi);
    }
    std::string base(name);
    t.add(base, "1", std::string(what) + ": Kaplan-Meier 1 - S(t), pooled over replicates",
          std::move(value))
        .add(base + "_lo", "1", "lower bound of the 95% Greenwood band", std::move(lo))
        .add(base + "_hi", "1", "upper bound of the 95% Greenwood band", std::move(hi));
  };
  incidence("reconviction_1y", "reconviction within 1 year", &SubgroupRow::reconviction_1y);
  incidence("reconviction_2y", "reconviction within 2 years", &SubgroupRow::reconviction_2y);
  incidence("reconviction_5y", "reconviction within 5 years", &SubgroupRow::reconviction_5y);
  incidence("reimprisonment_1y", "re-imprisonment within 1 year", &SubgroupRow::reimprisonment_1y);
  t.add("reintegrated_12m", "1",
        "share reintegrated at 12 months (work or training, stable housing, no reconviction)",
        std::move(reintegrated))
      .add("reintegrated_12m_n", "people", "persons whose 12-month status is known",
           std::move(known));
  return t;
}

io::Table sites_table(const std::vector<model::SiteInfo>& sites) {
  std::vector<std::string> code, name, region;
  std::vector<double> population, unemployment, officers, detained_share, community_share,
      pour_peine_share, area, travel;
  std::vector<std::int64_t> antennas;
  std::vector<std::string> disp;
  for (const model::SiteInfo& s : sites) {
    detained_share.push_back(s.detained_share);
    community_share.push_back(s.community_share);
    pour_peine_share.push_back(s.pour_peine_share);
    antennas.push_back(s.antennas);
    area.push_back(s.area_km2);
    travel.push_back(s.travel_hours_per_contact);
    disp.push_back(s.disp);
    code.push_back(s.code);
    name.push_back(s.name);
    region.push_back(s.region);
    population.push_back(s.population);
    unemployment.push_back(s.unemployment_rate);
    officers.push_back(s.initial_officers);
  }
  io::Table t;
  t.add("code", "", "SPIP site code, as in the site columns of other tables", std::move(code))
      .add("name", "", "site name", std::move(name))
      .add("region", "", "region", std::move(region))
      .add("population", "people", "population of the territory served", std::move(population))
      .add("unemployment", "percent", "unemployment rate of the territory (INSEE, Q4 2024)",
           std::move(unemployment))
      .add("officers", "officers", "probation officers at the start of the run",
           std::move(officers))
      .add("detained_share", "share",
           "share of the national detained population held here (prisons data, 1 July 2026)",
           std::move(detained_share))
      .add("community_share", "share",
           "share of the national community caseload (population and unemployment, assumption)",
           std::move(community_share))
      .add("pour_peine_share", "share",
           "share of the detainees held in établissements pour peine (CD, MC, CNE)",
           std::move(pour_peine_share))
      .add("antennas", "antennas", "SPIP antennas besides the siège (art. A44 CPP, 2015)",
           std::move(antennas))
      .add("disp", "", "interregional directorate of prison services", std::move(disp))
      .add("area_km2", "km2", "area of the territory (world.areas; 0 when not given)",
           std::move(area))
      .add("travel_hours_per_contact", "hours",
           "officer hours on the road per in-person contact in the community (travel.*)",
           std::move(travel));
  return t;
}

}  // namespace spipsim::experiment
