#pragma once
// One SPIP site: a logical process with its own event set, people, officers, partners and
// the labour and housing markets of its territory. Sites share nothing mutable; a person
// moving to another département travels as a message (TransferMessage) that arrives at
// least one lookahead later, so sites can run a window in parallel.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_stream.hpp"
#include "sim/model/events.hpp"
#include "sim/model/hazard_model.hpp"
#include "sim/model/partner_params.hpp"
#include "sim/model/partner_queue.hpp"
#include "sim/model/person_snapshot.hpp"
#include "sim/model/seeker_pool.hpp"
#include "sim/model/workforce_pool.hpp"
#include "sim/params/scenario.hpp"

namespace spipsim::model {

class World;

// A person's place in the month-end stocks (MonthlySiteRecord: detained, of whom on remand,
// supervised, of whom employed and housed, unsupervised follow-up). The site counts people
// per class as their row changes, so a month end reads the counters instead of every row.
// A supervised person's class adds kStockEmployed and kStockHoused to kStockSupervised.
enum StockClass : std::uint8_t {
  kStockNone = 0,  // free slot, or counted at another site
  kStockDetained,
  kStockPretrial,  // detained on remand
  kStockUnsupervised,
  kStockSupervised,  // 4 to 7
};
inline constexpr std::uint8_t kStockEmployed = 1, kStockHoused = 2;
inline constexpr int kStockClasses = 8;

// What the outcome checks 6 and 12 months after the index read (site_outcomes.cpp), as bits:
// in the community and at work (employed or in training), in the community and housed.
enum OutcomeState : std::uint8_t { kOutcomeWorking = 1, kOutcomeHoused = 2 };

// The release decisions of a custody spell not yet queued (PersonRow::release_decisions, a
// chain: site_routes.cpp): the end of custody, the review, the libération sous contrainte.
inline constexpr std::uint8_t kDecideEnd = 1, kDecideReview = 2, kDecideLsc = 4;

struct Officer {
  bool closed = false;  // works in prison (milieu fermé)
  bool active = true;
  bool trained = false;      // selected for RNR training (and paid for) while draw < share
  bool specialist = false;   // holds the high-risk caseload (specialised allocation)
  double training_draw = 0;  // fixed per officer: trained while draw < training share
  double points = 0;         // risk-weighted workload
  std::vector<std::uint32_t> caseload;
  // next_contact_due of each case, or NaN while not assessed: the weekly plan scans this
  // contiguous copy instead of reaching into every person's columns.
  std::vector<double> due;
  std::deque<PersonRef> assessments;
  // Training that takes time (site_policy.cpp): selected on trained_since, the course
  // takes course_hours_left from the weekly budget, practice reaches contacts after
  // training.lag_days and fades without coaching. The hazard sees practice in tenths.
  double trained_since = kNaN;
  double course_hours_left = 0;
  std::uint8_t practice_tenths = 0;
  double practice() const { return practice_tenths / 10.0; }
};

struct TransferMessage {
  std::uint16_t destination;
  double arrival_day;
  PersonSnapshot person;
};

// A site's market state at its market month (site_commuting.cpp), sent to each neighbour
// joined by a Commuting (kind 0) or HousingSearch (kind 1) edge. Delivered between windows
// and read at the neighbour's next market month: a site never reads another's live state.
struct MarketNews {
  std::uint16_t destination, from;
  std::uint8_t kind;
  double offers_per_day = 0;  // vacancies or open-market dwellings arriving there
  double seekers = 0;         // its searchers
  double weight = 0;          // its searchers plus the weighted searchers of its neighbours
};

// What a site needs to know about the run it is part of.
struct RunFrame {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  double warmup_days = 0;  // day 0 is run.start_date minus the warm-up
  double end_day = 0;
  double lookahead_days = 7;
  int months = 0;
  std::vector<double> timeline_days;  // day of each change of the scenario's timeline
  bool check_invariants = false;      // RunControl::check_invariants
  bool check_stocks = false;          // RunControl::check_stocks
};

class Site {
 public:
  Site(std::uint16_t index, const World& world, const params::Scenario& scenario,
       const RunFrame& frame);

  // engine::run_windows interface.
  engine::SimTime next_event_time() const { return queue_.next_time(); }
  void run_until(engine::SimTime window_end);
  void deliver_outbox(std::vector<Site>& sites);

  // After the last window: records of everyone still followed, monthly records. Frees the
  // site's people, events and records: nothing but the counters is left to read after it.
  void finish(std::vector<PersonRecord>& persons, std::vector<MonthlySiteRecord>& monthly,
              std::vector<std::vector<std::uint16_t>>& caseloads_by_month);
  std::uint64_t events() const { return events_; }
  const std::uint64_t* events_by_type() const { return events_by_type_; }
  // Cycles by event kind and in the queue's pops: zero unless built with SPIPSIM_EVENT_CYCLES.
  const std::uint64_t* cycles_by_type() const { return cycles_by_type_; }
  std::uint64_t pop_cycles() const { return pop_cycles_; }
  double initial_officers() const { return initial_officers_; }
  std::size_t person_slots() const { return people_.slots(); }
  // Throws std::logic_error naming the first broken invariant (site_invariants.cpp): caseload
  // positions and due dates, seeker pools, pending offence events, dose windows, the people
  // counted per stock class, the outcome state kept in each row.
  void check_invariants() const;
  // Throws std::logic_error if the month-end stocks kept as counters differ from a count of
  // every row (site_stocks.cpp; at month ends when RunControl::check_stocks is on).
  void check_stocks() const;

 private:
  using Queue = engine::EventQueue<Event>;
  // Dispatch (site.cpp).
  void handle(const Event& e);
  void prefetch_next_person() const;
  // An event for the person whose release sends them to another site in this same event
  // (departing_) is not queued: it would find their slot released.
  void schedule(double day, engine::Priority priority, Event e) {
    if (departing_ != kNone && for_departing(e)) [[unlikely]]
      return;
    queue_.push(engine::SimTime::days(day), priority, index_, std::move(e));
  }
  bool for_departing(const Event& e) const {
    return std::visit(
        [this](const auto& ev) {
          if constexpr (requires { ev.who; })
            return ev.who.slot == departing_;
          else
            return false;
        },
        e);
  }
  bool valid(PersonRef who) const {
    return who.slot < people_.slots() && people_.generation[who.slot] == who.generation &&
           people_.status[who.slot] != Status::Free;
  }
  PersonRef ref(std::uint32_t slot) const { return {slot, people_.generation[slot]}; }
  engine::RandomStream person_stream(std::uint32_t slot);  // advances the person's counter
  engine::RandomStream site_stream(std::uint16_t purpose, std::uint64_t& counter);
  double param(params::ParamId id) const { return params_.real(id); }
  void set_next_due(std::uint32_t s, double day) {
    people_.next_contact_due[s] = day;
    if (people_.officer[s] != kNone) officers_[people_.officer[s]].due[people_.caseload_pos[s]] = day;
  }
  std::uint8_t dose_hundredths(std::uint32_t s) const;
  // The hazard is re-solved after a plan when the dose has moved by this many hundredths
  // from the dose it sees (settle_contacts).
  static constexpr int kDoseStepHundredths = 10;
  MonthlySiteRecord& month_record() {
    return current_month_ < 0 || months_closed_ ? warmup_scratch_ : monthly_.back();
  }

  // Throws std::logic_error "invariant broken on day <now_>: <what>" (site_invariants.cpp).
  [[noreturn]] void invariant_broken(const std::string& what) const;
  void check_person(std::uint32_t slot) const;  // site_invariants.cpp
  void check_counts() const;                    // site_stocks.cpp
  double last_plan_ = kNaN;                     // day of the last weekly plan

  // Entries and people (site_entries.cpp).
  void on(const EntryArrival& e);
  void schedule_arrival(Origin origin);
  std::uint32_t create_person(Origin origin, bool stock);
  void seed_stock();
  void start_custody(std::uint32_t slot, double days, bool revocation);
  // The new custody of someone known here is served in a prison of the DISP
  // (commit_to_prison); a remand (`remand`) has no release decisions and commits once its own
  // state is set (begin_remand).
  void begin_custody(std::uint32_t slot, double term_days, double served_days, bool review_now,
                     bool remand = false);
  void start_community_measure(std::uint32_t slot, double days);
  void start_measure(std::uint32_t slot, double days, ReleaseType kind);
  void mark_at_risk_start(std::uint32_t slot, Origin how);

  // Supervision: allocation, weekly plan, assessments, contacts (site_supervision.cpp).
  void on(const WeeklyPlan& e);
  void allocate(std::uint32_t slot);
  void assign(std::uint32_t slot, std::uint32_t officer);
  void unassign(std::uint32_t slot);
  void plan_officer(std::uint32_t officer_index, double week_end);
  void assess(std::uint32_t slot);
  double contact_interval(std::uint32_t slot) const;
  void set_contact_intervals();
  void record_breach(std::uint32_t slot, double answered);
  double case_points(std::uint32_t slot) const;
  // The weekly plan settles appointments itself (issue 10, item 2): no event per contact.
  int count_due(std::uint32_t slot, double week_end);
  static std::uint32_t episodes_found(engine::RandomStream& rng, double saturation, double x);
  void settle_contacts(std::uint32_t slot, int due, int held, double quality, bool remote,
                       double answered);
  void add_to_dose(std::uint32_t slot, int due, double delivered);
  void set_week_rates();
  engine::RandomStream contact_stream(std::uint32_t slot) const;
  void update_practice(Officer& officer);
  void refresh_caseload(const Officer& officer);
  int plan_week() const { return int(now_ / 7.0 + 0.5); }

  // Custody, release, measures, follow-up, transfers (site_custody.cpp).
  void on(const CustodyEnd& e);
  void on(const AdjustmentEnd& e);
  void on(const SupervisionEnd& e);
  void on(const FollowUpEnd& e);
  void on(const Relocation& e);
  void on(const TransferIn& e);
  void release(std::uint32_t slot, ReleaseType type, bool lsc_by_right);
  void end_supervision(std::uint32_t slot);
  // An aménagement that ends with the supervision needs no AdjustmentEnd: the SupervisionEnd
  // of the same instant, queued right after it (right before it, on an arrival), clears it too
  // (end_supervision), and the zero-length interval between them costs nothing.
  bool adjustment_ends_first(std::uint32_t slot) const {
    return people_.adjustment_end[slot] != people_.supervision_end[slot];
  }
  void leave(std::uint32_t slot);
  void schedule_relocation(std::uint32_t slot);
  void enter_community(std::uint32_t slot);
  void leave_community(std::uint32_t slot);

  // Legal routes: remand, aménagement before incarceration, review at two thirds, libération
  // sous contrainte, community sentences, TIG host places (site_routes.cpp).
  void on(const ReleaseReview& e);
  void on(const LscByRight& e);
  void on(const PretrialEnd& e);
  void on(const TigEnd& e);
  engine::RandomStream route_stream(std::uint32_t slot, std::uint32_t decision) const;
  bool rules_2023() const;
  void sentence_to_prison(std::uint32_t slot, double days);
  bool adjust_before_incarceration(std::uint32_t slot, double days);
  void begin_remand(std::uint32_t slot, double sentence_days, engine::RandomStream& rng);
  // The release decisions of a custody spell, as a chain (site_routes.cpp): the end of custody,
  // the review, the libération sous contrainte by right; only the earliest is queued.
  void schedule_release_decisions(std::uint32_t slot, bool review_now);
  bool review_releases(std::uint32_t slot);        // true: released
  bool lsc_by_right_releases(std::uint32_t slot);  // true: released
  double release_decision_day(std::uint32_t slot, std::uint8_t decision) const;
  std::uint8_t take_release_decision(std::uint32_t slot, double& day);
  void push_release_decision(std::uint32_t slot, std::uint8_t decision, double day);
  void queue_next_release_decision(std::uint32_t slot);
  void next_release_decision(std::uint32_t slot);  // after a decision that did not release
  void queue_all_release_decisions();              // before a timeline change
  ReleaseType draw_measure(engine::RandomStream& rng, bool at_release) const;
  void start_community_sentence(std::uint32_t slot, double days);
  void join_tig(std::uint32_t slot);
  void start_next_tig();
  void drop_tig(std::uint32_t slot);
  double take_investigation_hours(double budget);
  void apply_route_policy();

  // Needs, partners, workshops (site_needs.cpp).
  void on(const ReferralJoin& e);
  void on(const ServiceEnd& e);
  void on(const WorkshopEnd& e);
  void work_on_needs(std::uint32_t slot, double effect);
  void refer(std::uint32_t slot, PartnerType type, std::uint8_t need_bit);
  void on(const ReferralRetry& e);
  void send_referral(std::uint32_t slot, PartnerType type, std::uint8_t need_bit,
                     std::uint8_t attempt);
  bool release_plan_prepared(std::uint32_t slot) const;
  void start_service(PersonRef who, PartnerType type, double waited_days);
  void start_next_services(PartnerType type);
  void join_workshop(std::uint32_t slot);

  // Labour and housing markets (site_markets.cpp).
  void on(const VacancyArrival& e);
  void on(const HousingOffer& e);
  void on(const JobEnd& e);
  void on(const HousingLoss& e);
  void hire(std::uint32_t slot, bool reserved);
  void house(std::uint32_t slot);
  void lose_job(std::uint32_t slot);
  void arrange_job(std::uint32_t slot);
  void start_arranged_job(std::uint32_t slot);
  void cancel_arranged_job(std::uint32_t slot);
  void draw_month_offers();
  void schedule_quota_dwelling();
  double vacancies_per_day();
  double hiring_chance(std::uint32_t slot) const;
  double hiring_ceiling() const;
  double housing_offers_per_day(bool quota) const;

  // Markets across borders (site_commuting.cpp).
  void on(const MarketMonth& e);
  void on(const CrossBorderOffer& e);
  double update_market_rates(int kind);
  void schedule_cross_border(int kind);
  void receive(const MarketNews& news);

  // Recidivism (site_recidivism.cpp).
  void on(const Reoffence& e);
  void start_episode(std::uint32_t slot);
  void refresh_hazard(std::uint32_t slot);
  void arm_offence_event(std::uint32_t slot);
  void pause_offence_clock(std::uint32_t slot);
  Covariates covariates(std::uint32_t slot) const;
  double schedule_intensity(std::uint32_t slot) const;  // site_recidivism.cpp

  // Statistics and policy (site_statistics.cpp, site_policy.cpp).
  void on(const MonthTick& e);
  void on(const PolicyChange& e);
  void apply_policy();
  void set_officer_count(int community, int closed);
  int community_officers_wanted() const;
  int closed_officers_wanted() const;
  PersonRecord make_record(std::uint32_t slot) const;
  // People counted per cost status (days integrated over time at every change,
  // site_statistics.cpp) and per stock class (the month-end stocks, site_stocks.cpp).
  // sync_counts after every person event and wherever someone else's status, remand, TIG or
  // aménagement changes (a revocation in the weekly plan: record_breach); sync_stock_class
  // where only employment or housing changes; uncount before a slot is released;
  // mark_uncounted after a row is restored from another site's snapshot.
  CostStatus cost_status_now(std::uint32_t slot) const;
  std::uint8_t stock_class_now(std::uint32_t slot) const;
  void sync_counts(std::uint32_t slot);
  void sync_cost_status(std::uint32_t slot);
  void sync_stock_class(std::uint32_t slot);
  void uncount(std::uint32_t slot);
  void mark_uncounted(std::uint32_t slot);
  void integrate_cost_days();
  // The outcome checks 6 and 12 months after the index, without an event (site_outcomes.cpp):
  // each row with a check due keeps the OutcomeState it was last synced with (sync_stock_class,
  // and start_service for training); a check whose day has passed is recorded from it when it is
  // about to change, when the person stops being counted here (uncount) and at finish().
  // Only the rows with a check still due keep their state (most have none: cheap to skip).
  std::uint8_t outcome_state_now(std::uint32_t slot) const;
  void sync_outcome_state(std::uint32_t slot) {
    if (people_.outcome_checks_due[slot]) update_outcome_state(slot);
  }
  void update_outcome_state(std::uint32_t slot);
  void start_outcome_checks(std::uint32_t slot);   // at the index event
  void resume_outcome_checks(std::uint32_t slot);  // at the end of an arrival from another site
  void record_outcome_checks(std::uint32_t slot);
  bool check_taken_by_now(double day) const;
  void write_stocks(MonthlySiteRecord& m) const;  // from the counters
  void scan_stocks(MonthlySiteRecord& m) const;   // from every row (the check's truth)
  void emit_record(std::uint32_t slot);

  // Geography (site_geography.cpp): where flows come from and where released people go.
  double entry_scale(Origin origin) const;  // this site's share of national entries and stocks
  // This site's share of the national prison entries (or initial stock) when a share
  // `long_share` of them is long and `pour_peine` of the long ones are served in an
  // établissement pour peine; the chance that one of its own is long, and that a long one is
  // served in an établissement pour peine.
  struct PrisonIntake {
    double scale = 0, long_probability = 0, pour_peine_probability = 0;
  };
  PrisonIntake prison_intake(double long_share, double pour_peine) const;
  void draw_home(std::uint32_t slot);       // a prison entrant's home, along release flows
  void move_home_after_release(std::uint32_t slot);
  bool followed_at_home_elsewhere(std::uint32_t slot) const;  // a supervised release moves there
  // The person whose release is being handled and whose follow-up then moves to the home SPIP
  // in the same event (release, move_home_after_release): schedule() does not queue the events
  // the release makes for them here, which would find them gone (their draws are still made,
  // since the counters travel in the row). kNone otherwise.
  std::uint32_t departing_ = kNone;
  bool commit_to_prison(std::uint32_t slot);  // a new custody of someone followed here; true: sent
  // Sends the person's row to site `to` (arriving one lookahead later) and frees the slot.
  void send_away(std::uint32_t slot, std::uint16_t to);
  void arrive_in_custody(std::uint32_t inbox_index);

  // Workforce (site_workforce.cpp): funded posts, recruitment, ramp-up, quits.
  void on(const WorkforceMonth& e);
  void apply_staffing();
  void apply_officers_in_post();
  int added_posts() const;
  void record_workforce();
  double workforce_day(int month) const;

  std::uint16_t index_;
  const World& world_;
  const params::Scenario& scenario_;
  RunFrame frame_;
  params::Parameters params_;  // this site's copy: the timeline changes it
  HazardModel hazard_;
  static constexpr double kFarBucketDays = 7.0;
  Queue queue_{kFarBucketDays};  // events more than a bucket ahead wait outside the heap
  double now_ = 0;
  engine::Priority priority_ = kPriorityPolicy;  // of the event being handled
  std::uint64_t events_ = 0;
  std::uint64_t events_by_type_[kEventTypes] = {};
  std::uint64_t cycles_by_type_[kEventTypes] = {};
  std::uint64_t pop_cycles_ = 0;

  PersonStore people_;
  std::vector<Officer> officers_;
  std::deque<PersonRef> unallocated_;
  std::uint32_t round_robin_ = 0;
  double initial_officers_ = 0;
  double scale_ = 1;  // population share of this site times world.population_scale
  // Workforce pools: [0] community officers, [1] prison (milieu fermé) officers.
  WorkforcePool workforce_[2];
  WorkforceSettings workforce_settings_;
  bool workforce_started_ = false;
  std::uint32_t workforce_steps_ = 0;
  int workforce_month_ = 0;  // month boundary of the next step (0 = start of the window)

  PartnerQueue partners_[kPartnerTypes];
  PartnerQueue workshops_;
  PartnerQueue tig_hosts_;                // TIG host places (site_routes.cpp)
  double investigation_hours_owed_ = 0;   // art. 723-15 investigations not yet done
  std::int64_t cost_count_[kCostStatuses] = {};
  std::int64_t stock_count_[kStockClasses] = {};  // people per StockClass
  double cost_days_[kCostStatuses] = {};  // person-days since the last month end
  double cost_clock_ = 0;                 // day up to which cost_days_ is integrated
  SeekerPool job_seekers_, housing_seekers_;
  int reserved_jobs_free_ = 0;
  int reserved_jobs_total_ = 0;
  bool quota_chain_running_ = false;
  std::uint64_t market_months_ = 0;  // market months drawn so far (the key of their stream)
  double hiring_ceiling_ = 1;        // hiring_ceiling() at the last market month

  std::uint64_t arrivals_[2] = {0, 0};
  std::uint64_t serial_ = 0;
  std::uint64_t site_draws_ = 0;

  // Markets across borders: the last news from each market neighbour (in the order of
  // World::market_neighbours), the share of this site's own offers that go to its own
  // searchers, and the rate of offers its searchers find across borders.
  std::vector<MarketNews> market_news_[kMarketKinds];
  double local_offer_share_[kMarketKinds] = {1.0, 1.0};
  double cross_border_per_day_[kMarketKinds] = {0.0, 0.0};
  bool cross_border_running_[kMarketKinds] = {false, false};
  std::uint64_t commuting_draws_ = 0;
  std::vector<MarketNews> market_outbox_;
  // Officer hours on the road per in-person contact in the community (World, travel.*).
  double travel_hours_ = 0;

  std::vector<TransferMessage> outbox_;
  std::vector<PersonSnapshot> inbox_;
  std::vector<bool> inbox_done_;
  std::vector<std::uint32_t> inbox_free_;  // handled slots, reused by inbox_slot()
  std::size_t inbox_collected_ = 0;        // slots still pending at the last collection
  std::uint32_t inbox_slot();

  std::vector<PersonRecord> records_;
  std::vector<MonthlySiteRecord> monthly_;
  std::vector<std::vector<std::uint16_t>> caseloads_;
  MonthlySiteRecord warmup_scratch_;  // flows during the warm-up land here, unreported
  int current_month_ = -1;            // -1 during the warm-up
  bool months_closed_ = false;
  // Ordered by (rank, day of the last attended contact, id): rank 0 first, then the longest
  // without a contact. The first two are packed in one integer that orders as they do
  // (contact_order_key), so the weekly sort compares two integers.
  struct DueContact {
    std::uint64_t key;
    std::uint64_t id;
    std::uint32_t slot;
    std::uint8_t due;  // intervals of the contact policy elapsing this week
    bool remote;
  };
  std::vector<DueContact> due_buffer_;  // reused by plan_officer
  std::vector<std::uint32_t> due_positions_;
  std::vector<float> dose_decay_;  // weekly decay of the dose window, by weeks elapsed
  // What every appointment of a week shares (set_week_rates, at each weekly plan).
  struct WeekRates {
    double miss = 0;                 // contact.miss_probability (the average person's)
    double miss_odds = 0;            // its odds, miss / (1 - miss)
    double reminder_keep = 1;        // share of misses left by digital reminders
    double found_at_saturation = 0;  // episodes a check finds at saturation, per unit propensity
    double detection_window = 1;     // violations.detection_window_days
    double remote_effect_kept = 1;   // digital.remote_effect_kept
    bool surveillance_only = false;  // contact.surveillance_only
  };
  WeekRates week_;
  // The contact policy's intervals (set_contact_intervals, with the parameters).
  struct ContactIntervals {
    double by_tier[kRiskTiers] = {};  // community cases, by risk tier
    double prison = 0;                // detained, before release preparation
    double preparation = 0;           // detained, within the preparation horizon of release
    double preparation_horizon = 0;   // days before release that preparation starts
    double dose_reference[kRiskTiers] = {};  // contact.dose_reference_*_days, by risk tier
  };
  ContactIntervals intervals_;
  // The local economy's vacancy factor and the two parameters it was computed from.
  double economy_inputs_[2] = {kNaN, kNaN};
  double economy_ = 0;
};

}  // namespace spipsim::model
