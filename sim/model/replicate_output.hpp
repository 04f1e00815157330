#pragma once
// What one replicate of one scenario produces: raw records, no statistics. The experiment
// layer turns replicates into summaries with confidence intervals and io writes them.
#include <cstdint>
#include <string>
#include <vector>

namespace spipsim::model {

enum class Sex : std::uint8_t { Man = 0, Woman = 1 };
enum class RiskTier : std::uint8_t { Low = 0, Medium = 1, High = 2 };
inline constexpr int kRiskTiers = 3;
enum class Origin : std::uint8_t { Prison = 0, Community = 1 };
// How a person left prison. None: never released in the window (or a community measure).
enum class ReleaseType : std::uint8_t {
  None = 0,
  ElectronicMonitoring = 1,  // détention à domicile sous surveillance électronique
  SemiLiberte = 2,
  PlacementExterieur = 3,
  LiberationConditionnelle = 4,
  SortieSeche = 5,  // end of sentence with no adjustment and no supervision
};
inline constexpr int kReleaseTypes = 6;
const char* release_type_name(ReleaseType t);
inline bool is_supervised_release(ReleaseType t) {
  return t != ReleaseType::None && t != ReleaseType::SortieSeche;
}

enum class PartnerType : std::uint8_t { Employment = 0, Housing, Health, Rights, Training };
inline constexpr int kPartnerTypes = 5;
const char* partner_type_name(PartnerType t);

// The markets a site has (site_markets.cpp) and that neighbouring sites share across borders
// (site_commuting.cpp): 0 labour, 1 housing.
inline constexpr int kMarketKinds = 2;

// One row per person whose index episode (first release from prison, or first community
// measure start, after the warm-up) falls in the observation window. Days are simulated
// days since the start of the observation window (run.start_date); NaN when not applicable.
struct PersonRecord {
  std::uint64_t id = 0;
  std::uint16_t site = 0;  // index into ReplicateOutput::sites
  Sex sex = Sex::Man;
  RiskTier risk_tier = RiskTier::Low;
  Origin origin = Origin::Community;
  ReleaseType release_type = ReleaseType::None;
  std::uint8_t prior_convictions = 0;
  float age_at_entry = 0;
  float age_at_index = 0;  // at release (prison origin) or measure start (community)
  double entry_day = 0;    // prison entry or measure start
  double index_day = 0;    // release, or measure start
  double measure_start_day = 0;
  double measure_end_day = 0;       // NaN while still supervised at the end
  double days_to_reconviction = 0;  // from index_day; the censoring time when !reconvicted
  bool reconvicted = false;
  double days_to_reimprisonment = 0;  // new prison sentence or revocation; censoring otherwise
  bool reimprisoned = false;
  // Outcomes at 6 and 12 months after index: -1 when follow-up ended earlier (censored).
  std::int8_t employed_6m = -1, housed_6m = -1, employed_12m = -1, housed_12m = -1;
  std::int8_t reintegrated_12m = -1;  // (work or training) and stable housing and no reconviction
  std::uint8_t needs_at_entry = 0;    // NeedBit mask of the needs drawn at entry
  // Prison origin: days in custody before the index release (the whole spell, including what
  // a stock person served before day 0); NaN for a community measure.
  double custody_days = 0;
  // Prison origin: the custody term of that spell (remand included), which an aménagement
  // or a libération sous contrainte cut short; NaN for a community measure.
  double sentence_days = 0;
  // Days from the index event to the first job (0: a reserved job arranged in prison started
  // on the release day); NaN when no job began before the record was written.
  double days_to_job = 0;
  bool job_at_release = false;  // the index release started a job arranged in prison
};

// Site-level flows and stocks for one calendar month of the observation window.
struct MonthlySiteRecord {
  std::int32_t month = 0;  // 0 = first month of the observation window
  std::uint16_t site = 0;
  double officers = 0;
  std::int32_t detained = 0, supervised = 0, unsupervised_followup = 0;
  std::int32_t entries_prison = 0, entries_community = 0;
  std::int32_t releases = 0, releases_supervised = 0;
  std::int32_t reconvictions = 0, revocations = 0, technical_violations = 0;
  std::int32_t contacts_due = 0, contacts_delivered = 0, contacts_missed = 0;
  std::int32_t assessments = 0;
  double assessment_wait_days_sum = 0;
  std::int32_t unallocated = 0;  // waiting for an officer (caseload caps)
  double hours_contacts = 0, hours_assessment = 0, hours_admin = 0, hours_reports = 0;
  std::int32_t partner_queue[kPartnerTypes] = {};
  std::int32_t partner_started[kPartnerTypes] = {};
  double partner_wait_days_sum[kPartnerTypes] = {};
  std::int32_t partner_gave_up[kPartnerTypes] = {};  // left a waiting list before their turn
  std::int32_t employed = 0, housed = 0;  // among supervised people
  std::int32_t quota_dwellings_let = 0;   // quota dwellings let to supervised people
  // Person-days in each state during the month, and what the month cost.
  double prison_days = 0, community_days = 0, electronic_monitoring_days = 0, semi_liberte_days = 0,
         officer_years = 0, partner_services = 0;
  double cost_officers_eur = 0, cost_prison_eur = 0, cost_community_eur = 0,
         cost_electronic_monitoring_eur = 0, cost_semi_liberte_eur = 0, cost_partners_eur = 0,
         cost_digital_eur = 0, cost_training_eur = 0, cost_insertion_eur = 0;
  // Legal routes (site_routes.cpp). Stock at the month's end, flows during it, and the days
  // actually spent in each status (prison_days includes pretrial_days; community_days is
  // supervision outside any measure listed here).
  std::int32_t detained_pretrial = 0;
  std::int32_t pretrial_entries = 0, pretrial_released = 0, ab_initio = 0;
  std::int32_t releases_lsc_by_right = 0, tig_started = 0, tig_unserved = 0;
  double hours_investigation = 0;
  double pretrial_days = 0, placement_exterieur_days = 0, conditional_release_days = 0,
         tig_days = 0;
  double cost_placement_exterieur_eur = 0, cost_conditional_release_eur = 0, cost_tig_eur = 0;
  // Workforce (site_workforce.cpp), at the end of the month: funded posts, officers in post
  // (stagiaires included), recruits not yet in post (recruitment and ENAP training), and the
  // month's quits and new officers; community officers active for the caseload.
  double posts_funded = 0, officers_in_post = 0, officers_in_training = 0;
  double officers_community = 0;
  std::int32_t officers_quit = 0, officers_arrived = 0;
  // Geography (site_geography.cpp): supervised releases whose follow-up moved to the home SPIP.
  std::int32_t releases_sent_home = 0;
  // Markets across borders (site_commuting.cpp): jobs and dwellings found by this site's
  // searchers in a neighbouring département; officer hours on the road (travel.*).
  std::int32_t cross_border_jobs = 0, cross_border_dwellings = 0;
  double hours_travel = 0;
};

struct SiteInfo {
  std::string code, name, region;
  double population = 0;
  double unemployment_rate = 0;
  double initial_officers = 0;
  // From the prisons data (world.prisons): shares of the national detained population and
  // community caseload, share of detainees in établissements pour peine, antennas, DISP.
  double detained_share = 0, community_share = 0, pour_peine_share = 0;
  int antennas = 0;
  std::string disp;
  // Area (world.areas; 0 when not given) and the officer hours on the road per in-person
  // contact in the community that follow from it (World::travel_hours_per_contact).
  double area_km2 = 0, travel_hours_per_contact = 0;
};

struct ReplicateOutput {
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  int months = 0;
  std::vector<SiteInfo> sites;
  std::vector<PersonRecord> persons;       // sorted by (site, id)
  std::vector<MonthlySiteRecord> monthly;  // sorted by (month, site)
  // caseload of every community officer at the end of each month, sites in order
  std::vector<std::vector<std::uint16_t>> officer_caseloads_by_month;
  // Totals over the observation window (sums of the monthly costs).
  double cost_officers_eur = 0, cost_prison_eur = 0, cost_community_eur = 0,
         cost_electronic_monitoring_eur = 0, cost_semi_liberte_eur = 0, cost_partners_eur = 0,
         cost_digital_eur = 0, cost_training_eur = 0, cost_insertion_eur = 0;
  double cost_placement_exterieur_eur = 0, cost_conditional_release_eur = 0, cost_tig_eur = 0;
  double years = 0;  // length of the observation window
  // Simulated share of France: population of the simulated sites over the national
  // population, times world.population_scale. National stocks and flows are the simulated
  // ones divided by it.
  double coverage = 0;
  // The same for detention and for community caseloads, which the data place differently
  // (prisons data; population and unemployment). Zero in outputs from before they existed.
  double coverage_detained = 0, coverage_community = 0;
  std::uint64_t events = 0;
  // Events handled, by alternative of model::Event (events.hpp, event_name): the event mix.
  std::vector<std::uint64_t> events_by_type;
  // CPU cycles by event kind (handler, with its pushes) and in the queue's pops: zero unless
  // the model was built with SPIPSIM_EVENT_CYCLES (a profiling build; not saved).
  std::vector<std::uint64_t> cycles_by_type;
  std::uint64_t pop_cycles = 0;
  double wall_seconds = 0;
  // How the run used its threads (engine::WindowStats; diagnostics, not saved with the
  // results): the share of wall time outside the parallel phases, and the threads' busy
  // share inside them.
  double serial_share = 0, parallel_efficiency = 1;
};

}  // namespace spipsim::model
