#include "sim/model/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "sim/engine/windowed_executor.hpp"
#include "sim/model/partner_params.hpp"
#include "sim/model/site.hpp"
#include "sim/model/site_officers.hpp"
#include "sim/model/world.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {

using params::ParamId;

namespace {

RunFrame make_frame(const params::Scenario& scenario, std::uint32_t replicate, std::uint64_t seed) {
  const params::Parameters& p = scenario.values;
  RunFrame f;
  f.seed = seed;
  f.replicate = replicate;
  f.warmup_days = p.real(ParamId::run_warmup_years) * engine::kDaysPerYear;
  f.months = std::max(1, int(std::lround(p.real(ParamId::run_years) * 12)));
  f.end_day = f.warmup_days + f.months * engine::kDaysPerMonth;
  f.lookahead_days = p.real(ParamId::run_lookahead_days);
  std::chrono::year_month_day start;
  if (!engine::parse_iso_date(p.text(ParamId::run_start_date), start))
    throw std::runtime_error("run.start_date: not a date: " + p.text(ParamId::run_start_date));
  auto start_days = std::chrono::sys_days(start);
  for (const auto& change : scenario.timeline) {
    double offset = double((std::chrono::sys_days(change.at) - start_days).count());
    f.timeline_days.push_back(f.warmup_days + offset);
  }
  return f;
}

// A per-site list ("code:count,...": staffing.site_officers, staffing.added_posts), in the
// scenario and on its timeline, must parse and name simulated sites; checked once before the
// sites read it.
void check_site_list(const params::Scenario& scenario, const World& world, ParamId id,
                     const char* key) {
  auto check = [&](const std::string& text, const std::string& where) {
    std::vector<SiteOfficers> listed;
    try {
      listed = parse_site_officers(text);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(where + ": " + key + ": " + e.what());
    }
    for (const SiteOfficers& item : listed) {
      bool known = false;
      for (std::size_t s = 0; s < world.site_count(); ++s)
        known |= world.territory(s).code == item.code;
      if (!known)
        throw std::runtime_error(where + ": " + key + ": '" + item.code +
                                 "' is not a simulated département (see world.sites)");
    }
  };
  check(scenario.values.text(id), scenario.path.string());
  for (const auto& change : scenario.timeline)
    for (const auto& [changed, value] : change.sets)
      if (changed == id) check(value.text, change.where);
}

void check_site_officers(const params::Scenario& scenario, const World& world) {
  check_site_list(scenario, world, ParamId::staffing_site_officers, "staffing.site_officers");
}

void check_added_posts(const params::Scenario& scenario, const World& world) {
  check_site_list(scenario, world, ParamId::staffing_added_posts, "staffing.added_posts");
}

World load_world(const params::Scenario& scenario) {
  const params::Parameters& p = scenario.values;
  if (p.text(ParamId::world_departements).empty() || p.text(ParamId::world_adjacency).empty())
    throw std::runtime_error("world.departements and world.adjacency must name the data files");
  GeographyOptions options;
  options.community_unemployment_elasticity =
      p.real(ParamId::world_community_unemployment_elasticity);
  options.away_share_maison_arret = p.real(ParamId::mobility_release_away_share_maison_arret);
  options.away_share_pour_peine = p.real(ParamId::mobility_release_away_share_pour_peine);
  options.travel_away_share = p.real(ParamId::travel_away_share);
  options.travel_detour_factor = p.real(ParamId::travel_detour_factor);
  options.travel_speed_rural_kmh = p.real(ParamId::travel_speed_rural_kmh);
  options.travel_speed_urban_kmh = p.real(ParamId::travel_speed_urban_kmh);
  options.travel_urban_density = p.real(ParamId::travel_urban_density);
  std::vector<PrisonRow> prisons;
  if (!p.text(ParamId::world_prisons).empty()) prisons = read_prisons(p.text(ParamId::world_prisons));
  World world(read_territories(p.text(ParamId::world_departements)),
              read_borders(p.text(ParamId::world_adjacency)), p.text(ParamId::world_sites),
              prisons, options);
  if (!p.text(ParamId::world_areas).empty())
    world.set_areas(read_areas(p.text(ParamId::world_areas)), p.text(ParamId::world_areas));
  double agreements[kPartnerTypes];
  for (int k = 0; k < kPartnerTypes; ++k)
    agreements[k] = p.real(partner_params(PartnerType(k)).agreement);
  for (std::size_t s = 0; s < world.site_count(); ++s) world.add_partners(s, agreements);
  return world;
}

}  // namespace

void check_scenario_data(const params::Scenario& scenario) {
  auto problem = [&](const std::string& key, const std::string& rule) {
    params::Diagnostic d;
    d.file = scenario.path.string();
    d.key = key;
    d.rule = rule;
    return params::ScenarioError({d});
  };
  std::optional<World> world;
  try {
    world.emplace(load_world(scenario));
  } catch (const std::runtime_error& e) {
    throw problem("world", e.what());
  }
  try {
    check_site_officers(scenario, *world);
  } catch (const std::runtime_error& e) {
    throw problem("staffing.site_officers", e.what());
  }
  try {
    check_added_posts(scenario, *world);
  } catch (const std::runtime_error& e) {
    throw problem("staffing.added_posts", e.what());
  }
}

ReplicateOutput run_replicate(const params::Scenario& scenario, std::uint32_t replicate,
                              std::uint64_t seed, const RunControl& control) {
  auto started = std::chrono::steady_clock::now();
  const params::Parameters& p = scenario.values;
  World world = load_world(scenario);
  if (control.edit_world) control.edit_world(world);
  RunFrame frame = make_frame(scenario, replicate, seed);
  frame.check_invariants = control.check_invariants;
  frame.check_stocks = control.check_stocks;
  check_site_officers(scenario, world);
  check_added_posts(scenario, world);

  std::vector<Site> sites;
  sites.reserve(world.site_count());
  for (std::size_t s = 0; s < world.site_count(); ++s)
    sites.emplace_back(std::uint16_t(s), world, scenario, frame);

  ReplicateOutput out;
  out.replicate = replicate;
  out.seed = seed;
  out.months = frame.months;
  out.years = frame.months / 12.0;
  for (std::size_t s = 0; s < world.site_count(); ++s) {
    const double scale = p.real(params::ParamId::world_population_scale);
    out.coverage += world.population_share(s) * scale;
    out.coverage_detained += world.detained_share(s) * scale;
    out.coverage_community += world.community_share(s) * scale;
    const TerritoryRow& t = world.territory(s);
    out.sites.push_back({t.code, t.name, t.region, t.population, t.unemployment_rate,
                         sites[s].initial_officers(), world.detained_share(s),
                         world.community_share(s), world.pour_peine_share(s), world.antennas(s),
                         world.disp(s), world.area_km2(s), world.travel_hours_per_contact(s)});
  }

  engine::WindowOptions options{frame.lookahead_days, control.threads};
  const engine::WindowStats windows = engine::run_windows(
      sites, engine::SimTime::days(frame.end_day), options, [&](engine::SimTime t) {
        if (control.progress) control.progress(std::min(1.0, t.in_days() / frame.end_day));
      });
  out.serial_share = windows.serial_share();
  out.parallel_efficiency = windows.efficiency(std::max(1, control.threads));

  out.events_by_type.assign(kEventTypes, 0);
  out.cycles_by_type.assign(kEventTypes, 0);
  for (Site& site : sites) {
    site.finish(out.persons, out.monthly, out.officer_caseloads_by_month);
    out.events += site.events();
    out.pop_cycles += site.pop_cycles();
    for (std::size_t k = 0; k < kEventTypes; ++k) {
      out.events_by_type[k] += site.events_by_type()[k];
      out.cycles_by_type[k] += site.cycles_by_type()[k];
    }
  }
  std::stable_sort(out.monthly.begin(), out.monthly.end(), [](const auto& a, const auto& b) {
    return a.month != b.month ? a.month < b.month : a.site < b.site;
  });
  for (const MonthlySiteRecord& m : out.monthly) {
    out.cost_officers_eur += m.cost_officers_eur;
    out.cost_prison_eur += m.cost_prison_eur;
    out.cost_community_eur += m.cost_community_eur;
    out.cost_electronic_monitoring_eur += m.cost_electronic_monitoring_eur;
    out.cost_semi_liberte_eur += m.cost_semi_liberte_eur;
    out.cost_partners_eur += m.cost_partners_eur;
    out.cost_digital_eur += m.cost_digital_eur;
    out.cost_training_eur += m.cost_training_eur;
    out.cost_insertion_eur += m.cost_insertion_eur;
    out.cost_placement_exterieur_eur += m.cost_placement_exterieur_eur;
    out.cost_conditional_release_eur += m.cost_conditional_release_eur;
    out.cost_tig_eur += m.cost_tig_eur;
  }
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

const char* release_type_name(ReleaseType t) {
  switch (t) {
    case ReleaseType::None:
      return "none";
    case ReleaseType::ElectronicMonitoring:
      return "electronic_monitoring";
    case ReleaseType::SemiLiberte:
      return "semi_liberte";
    case ReleaseType::PlacementExterieur:
      return "placement_exterieur";
    case ReleaseType::LiberationConditionnelle:
      return "liberation_conditionnelle";
    case ReleaseType::SortieSeche:
      return "sortie_seche";
  }
  return "unknown";
}

const char* partner_type_name(PartnerType t) {
  switch (t) {
    case PartnerType::Employment:
      return "employment";
    case PartnerType::Housing:
      return "housing";
    case PartnerType::Health:
      return "health";
    case PartnerType::Rights:
      return "rights";
    case PartnerType::Training:
      return "training";
  }
  return "unknown";
}

}  // namespace spipsim::model
