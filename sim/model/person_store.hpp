#pragma once
// People of one site. Slots of people who left
// (follow-up over, moved away) are recycled; `generation` tells a recycled slot from the
// person an old event refers to.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/model/replicate_output.hpp"

namespace spipsim::model {

enum class Status : std::uint8_t { Free, Detained, Supervised, Unsupervised };

// Needs, as bits of a mask. Employment and housing are states (employed, housed); these are
// the needs a plan works on.
enum NeedBit : std::uint8_t {
  kNeedEmployment = 1,
  kNeedHousing = 2,
  kNeedAddiction = 4,
  kNeedMentalHealth = 8,
  kNeedRights = 16,
  kNeedSkills = 32,
};
inline constexpr int kNeedKinds = 6;

// What a person's day costs, by legal status (site_statistics.cpp integrates the days).
enum class CostStatus : std::uint8_t {
  None = 0,  // free slot, unsupervised follow-up, or counted at another site
  Pretrial,
  Prison,
  ElectronicMonitoring,  // DDSE: aménagement or sentence
  SemiLiberte,
  PlacementExterieur,
  ConditionalRelease,
  Tig,        // travail d'intérêt général being performed
  Community,  // sursis probatoire, suivi socio-judiciaire, other supervision
};
inline constexpr int kCostStatuses = 9;
enum TigState : std::uint8_t { kTigNone = 0, kTigWaiting = 1, kTigServing = 2 };

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint16_t kNoHome = std::numeric_limits<std::uint16_t>::max();

// X(type, name, initial value): every field of a person. Adding one is one line. Rows are
// aligned on 64-byte cache lines and the order is chosen for the hot paths (bench/README.md,
// issue 12): the first line holds everything the weekly plan and the appointments it
// settles read and write (due date, caseload position, dose window, compliance check, status
// version, misc stream's counter, needs), the second the slot's generation, the age, the end
// of custody (a detained person's contact interval) and the recidivism clock, the third
// holds the rest of the hazard's covariates and what the cost status after every person event
// reads (sync_counts: remand, TIG, kind of aménagement, stock class, outcome state); then the
// other fields by size, so that padding stays under one line (317 bytes of fields in 320).
// The static_asserts below the row keep each hot field on its line.
#define SPIPSIM_PERSON_COLUMNS(X)                                                         \
  /* Line 0: the weekly plan, its appointments, the dose window, work on needs. */        \
  X(std::uint64_t, id, 0) /* global id: keys the person's random streams */               \
  X(double, next_contact_due, kNaN)                                                       \
  X(std::uint32_t, officer, kNone)                                                        \
  X(std::uint32_t, caseload_pos, kNone)                                                   \
  X(std::uint32_t, status_version, 0) /* bumped on every legal-status change */           \
  X(float, contacts_due, 0.f) /* dose window: due contacts, exponentially weighted */     \
  X(float, contacts_effective, 0.f) /* dose window: delivered, weighted by quality */     \
  X(float, miss_odds_ratio, 1.f) /* e^(personal propensity): multiplies the odds of a miss */ \
  X(float, last_contact, -1e30f)    /* day of the last attended contact (overdue_first) */ \
  X(float, last_check, 0.f) /* day of the last compliance check (site_supervision.cpp) */ \
  X(std::uint32_t, draws, 0)        /* counter of the person's misc random stream */      \
  X(std::uint16_t, dose_week, 0)    /* plan week of the last dose-window update */        \
  X(Status, status, Status::Free)                                                         \
  X(RiskTier, tier, RiskTier::Low)                                                        \
  X(bool, assessed, false)                                                                \
  X(std::uint8_t, dose_seen, 0) /* supervision dose in hundredths, as the hazard sees it */ \
  X(std::uint8_t, needs, 0)       /* true unresolved needs */                             \
  X(std::uint8_t, known_needs, 0) /* needs the assessment found */                        \
  X(std::uint8_t, referred, 0)    /* needs with a referral in progress */                 \
  X(std::uint8_t, referrals_closed, 0) /* refused too often: no referral till release */ \
  X(bool, employed, false)                                                                \
  X(bool, housed, false)                                                                  \
  /* Line 1: slot bookkeeping, end of custody, the recidivism clock (site_recidivism.cpp) */ \
  X(std::uint32_t, generation, 0)     /* bumped when the slot is recycled */              \
  X(float, age_at_entry, 0.f)                                                             \
  X(double, release_due, kNaN) /* end of custody */                                       \
  X(double, episode_start, kNaN)   /* day the current at-risk episode began */            \
  X(double, hazard_elapsed, 0.0)   /* time since episode start at the last update */      \
  X(double, hazard_remaining, 0.0) /* threshold minus cumulative hazard so far */         \
  X(double, hazard_multiplier, 0.0)                                                       \
  X(double, offence_day, kNaN)       /* when the clock crosses the threshold */           \
  X(double, offence_event_day, kNaN) /* earliest Reoffence event pending, if any */       \
  /* Line 2: the rest of the covariates, the cost status; then the rest by size. */      \
  X(double, followed_until, kNaN) /* end of the recidivism follow-up */                   \
  X(double, entry_day, 0.0)                                                               \
  X(Sex, sex, Sex::Man)                                                                   \
  X(Origin, entry_origin, Origin::Community)                                              \
  X(std::uint8_t, priors, 0)                                                              \
  X(bool, in_training, false)                                                             \
  X(std::uint8_t, cost_status, 0)  /* CostStatus the site counts this person in */       \
  X(std::uint8_t, stock_class, 0)  /* StockClass the site counts this person in (site.hpp) */ \
  X(bool, pretrial, false)         /* detained on remand (prévenu) */                     \
  X(std::uint8_t, tig, 0)          /* TigState */                                         \
  X(ReleaseType, adjustment_kind, ReleaseType::None) /* of the current adjustment */      \
  X(bool, has_index, false)                                                               \
  X(std::uint8_t, breaches, 0)                                                            \
  X(bool, in_workshop, false)                                                             \
  X(Origin, origin, Origin::Community) /* of the index event: release or measure start */ \
  X(std::uint8_t, outcome_state, 0) /* OutcomeState as last synced (site_outcomes.cpp) */   \
  X(std::uint8_t, outcome_checks_due, 0) /* 6/12-month checks not yet recorded (bits) */  \
  X(std::uint8_t, release_decisions, 0) /* custody decisions not yet queued (site_routes.cpp) */ \
  X(double, supervision_end, kNaN)                                                        \
  X(double, adjustment_end, kNaN) /* end of the aménagement phase */                     \
  X(double, assessment_requested, kNaN)                                                   \
  X(double, index_day, kNaN)                                                              \
  X(double, measure_start_day, kNaN)                                                      \
  X(double, measure_end_day, kNaN)                                                        \
  X(double, reconviction_day, kNaN)                                                       \
  X(double, reimprisonment_day, kNaN)                                                     \
  X(double, custody_start, kNaN) /* start of the current custody spell */                \
  X(double, custody_days, kNaN)  /* custody before the index release */                 \
  /* Legal routes (site_routes.cpp): the current term, remand, TIG, suivi socio-judiciaire */ \
  X(double, sentence_end, kNaN)    /* end of the current sentence term */                 \
  X(double, sentence_days, kNaN)   /* term of the current custody spell; NaN on remand */ \
  X(double, index_sentence_days, kNaN) /* term of the spell before the index release */   \
  X(double, ssj_end, kNaN)         /* end of a suivi socio-judiciaire, if any */          \
  X(double, first_job_day, kNaN) /* first hire from the index event on */                 \
  X(std::uint32_t, job_pool_pos, kNone)                                                   \
  X(std::uint32_t, housing_pool_pos, kNone)                                               \
  X(std::uint32_t, job_version, 0)                                                        \
  X(std::uint32_t, housing_version, 0)                                                    \
  X(float, age_at_index, 0.f)                                                             \
  X(std::uint16_t, episode, 0)     /* recidivism episode number */                        \
  X(std::uint16_t, sentences, 0)   /* sentences so far: keys the route draws */           \
  X(std::uint16_t, home_site, kNoHome) /* the SPIP that follows them after release (site_geography.cpp) */ \
  X(ReleaseType, release_type, ReleaseType::None)                                         \
  X(bool, intermediated, false) /* employment partner succeeded */                        \
  X(bool, reserved_job, false)    /* the job is a reserved insertion job */               \
  X(std::int8_t, employed_6m, -1)                                                         \
  X(std::int8_t, housed_6m, -1)                                                           \
  X(std::int8_t, employed_12m, -1)                                                        \
  X(std::int8_t, housed_12m, -1)                                                          \
  X(std::int8_t, reintegrated_12m, -1)                                                    \
  X(std::uint8_t, needs_at_entry, 0)                                                      \
  X(bool, pour_peine, false)       /* served in an établissement pour peine */            \
  X(bool, job_arranged, false)   /* a reserved job is held for the release day */         \
  X(bool, job_at_release, false) /* the index release started an arranged job */

// One person's fields. Rows are stored contiguously (a compact array of records): an event
// handles one person and reads a dozen of their fields, so keeping a person's fields
// together costs one or two cache lines per event where separate columns cost a dozen
// (measured: see bench/README.md, "person layout").
struct alignas(64) PersonRow {
#define SPIPSIM_ROW_FIELD(type, name, init) type name = init;
  SPIPSIM_PERSON_COLUMNS(SPIPSIM_ROW_FIELD)
#undef SPIPSIM_ROW_FIELD
};
static_assert(sizeof(PersonRow) == 320, "five cache lines: see the field order above");
// What each hot path reads must stay on its line (offsetof on a standard-layout row).
static_assert(offsetof(PersonRow, caseload_pos) < 64 && offsetof(PersonRow, status_version) < 64 &&
                  offsetof(PersonRow, last_check) < 64 && offsetof(PersonRow, housed) < 64,
              "line 0: what the weekly plan and its appointments read (and release_due, line 1, for the detained)");
static_assert(offsetof(PersonRow, generation) == 64 && offsetof(PersonRow, age_at_entry) < 128 &&
                  offsetof(PersonRow, offence_event_day) < 128,
              "line 1: the slot check, the age, the end of custody, the recidivism clock");
static_assert(offsetof(PersonRow, followed_until) >= 128 && offsetof(PersonRow, in_training) < 192 &&
                  offsetof(PersonRow, cost_status) < 192 && offsetof(PersonRow, pretrial) < 192 &&
                  offsetof(PersonRow, tig) < 192 && offsetof(PersonRow, adjustment_kind) < 192 &&
                  offsetof(PersonRow, stock_class) < 192 && offsetof(PersonRow, outcome_checks_due) < 192 &&
                  offsetof(PersonRow, index_day) < 192,
              "line 2: the follow-up's end, the rest of the covariates, cost status, stock class, "
              "outcome state and the index day (sync_counts records the 6/12-month checks)");

using PersonRows = std::vector<PersonRow>;

// A column-like view of one field of every row: people.officer[slot] reads
// rows[slot].officer. Keeps the model's code independent of the storage layout.
template <class T, T PersonRow::*Member>
class PersonColumn {
 public:
  explicit PersonColumn(PersonRows* rows) : rows_(rows) {}
  T& operator[](std::size_t i) { return (*rows_)[i].*Member; }
  const T& operator[](std::size_t i) const { return (*rows_)[i].*Member; }

 private:
  PersonRows* rows_;
};

class PersonStore {
 public:
  PersonStore() = default;
  // The views point at this store's rows: copies and moves rebind them.
  PersonStore(const PersonStore& o) : rows_(o.rows_), free_(o.free_) {}
  PersonStore(PersonStore&& o) noexcept : rows_(std::move(o.rows_)), free_(std::move(o.free_)) {}
  PersonStore& operator=(const PersonStore&) = delete;
  PersonStore& operator=(PersonStore&&) = delete;

#define SPIPSIM_DECLARE_COLUMN(type, name, init) PersonColumn<type, &PersonRow::name> name{&rows_};
  SPIPSIM_PERSON_COLUMNS(SPIPSIM_DECLARE_COLUMN)
#undef SPIPSIM_DECLARE_COLUMN

  // A slot for a new person, every field at its initial value.
  std::uint32_t allocate() {
    if (!free_.empty()) {
      std::uint32_t slot = free_.back();
      free_.pop_back();
      PersonRow& row = rows_[slot];
      std::uint32_t next_generation = row.generation + 1;
      std::uint32_t next_status_version = row.status_version + 1;
      row = PersonRow{};
      row.generation = next_generation;
      row.status_version = next_status_version;
      return slot;
    }
    rows_.emplace_back();
    return std::uint32_t(rows_.size() - 1);
  }

  void release(std::uint32_t slot) {
    rows_[slot].status = Status::Free;
    ++rows_[slot].status_version;
    free_.push_back(slot);
  }

  const PersonRow& row(std::uint32_t slot) const {
    return rows_[slot];
  }
  PersonRow& row(std::uint32_t slot) {
    return rows_[slot];
  }
  std::size_t slots() const {
    return rows_.size();
  }
  std::size_t live() const {
    return rows_.size() - free_.size();
  }
  // Gives the rows' memory back (the site is finished): no slot is valid after it.
  void free_memory() {
    PersonRows().swap(rows_);
    std::vector<std::uint32_t>().swap(free_);
  }
  // Starts loading the lines an event or the weekly plan reads (0: status and plan, 1: slot
  // check and clock, 2: covariates and cost status), so that the misses of several people
  // overlap instead of stalling one after another.
  void prefetch_hot_lines(std::uint32_t slot) const {
    const char* row = reinterpret_cast<const char*>(&rows_[slot]);
    __builtin_prefetch(row);
    __builtin_prefetch(row + 64);
    __builtin_prefetch(row + 128);
  }
  static constexpr std::size_t bytes_per_slot() {
    return sizeof(PersonRow);
  }

 private:
  PersonRows rows_;
  std::vector<std::uint32_t> free_;
};

// Refers to a person from an event or a queue; stale once the slot is recycled.
struct PersonRef {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
};

}  // namespace spipsim::model
