#pragma once
// People of one site. Slots of people who left
// (follow-up over, moved away) are recycled; `generation` tells a recycled slot from the
// person an old event refers to.
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

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint16_t kNoHome = std::numeric_limits<std::uint16_t>::max();

// X(type, name, initial value): every field of a person. Adding one is one line. The fields
// the weekly plan reads for every due contact come first and fit in the first 64 bytes
// of the row, so that they usually share one cache line.
#define SPIPSIM_PERSON_COLUMNS(X)                                                         \
  X(std::uint64_t, id, 0) /* global id: keys the person's random streams */               \
  X(double, next_contact_due, kNaN)                                                       \
  X(std::uint32_t, generation, 0)     /* bumped when the slot is recycled */              \
  X(std::uint32_t, status_version, 0) /* bumped on every legal-status change */           \
  X(std::uint32_t, officer, kNone)                                                        \
  X(std::uint32_t, caseload_pos, kNone)                                                   \
  X(std::uint32_t, contacts_due, 0) /* in the current supervision period */               \
  X(std::uint32_t, draws, 0)        /* counter of the person's misc random stream */      \
  X(Status, status, Status::Free)                                                         \
  X(RiskTier, tier, RiskTier::Low)                                                        \
  X(bool, due_counted, false)                                                             \
  X(bool, assessed, false)                                                                \
  X(std::uint8_t, dose_tenths, 0) /* supervision dose in tenths, as the hazard sees it */ \
  X(std::uint8_t, breaches, 0)                                                            \
  X(std::uint8_t, needs, 0)       /* true unresolved needs */                             \
  X(std::uint8_t, known_needs, 0) /* needs the assessment found */                        \
  X(std::uint8_t, referred, 0)    /* needs with a referral in progress */                 \
  X(bool, employed, false)                                                                \
  X(bool, in_training, false)                                                             \
  X(bool, housed, false)                                                                  \
  X(float, contacts_effective, 0.f)  /* delivered, remote ones weighted */                \
  X(float, miss_logit, 0.f)          /* personal propensity to miss appointments */       \
  X(double, release_due, kNaN)       /* end of custody */                                 \
  X(double, offence_day, kNaN)       /* when the clock crosses the threshold */           \
  X(double, offence_event_day, kNaN) /* earliest Reoffence event pending, if any */       \
  X(Sex, sex, Sex::Man)                                                                   \
  X(Origin, origin, Origin::Community) /* of the index event: release or measure start */ \
  X(Origin, entry_origin, Origin::Community)                                              \
  X(ReleaseType, adjustment_kind, ReleaseType::None) /* of the current adjustment */      \
  X(ReleaseType, release_type, ReleaseType::None)                                         \
  X(std::uint8_t, priors, 0)                                                              \
  X(bool, intermediated, false) /* employment partner succeeded */                        \
  X(bool, in_workshop, false)                                                             \
  X(bool, reserved_job, false)    /* the job is a reserved insertion job */               \
  X(double, followed_until, kNaN) /* end of the recidivism follow-up */                   \
  X(float, age_at_entry, 0.f)                                                             \
  X(double, entry_day, 0.0)                                                               \
  X(double, supervision_end, kNaN)                                                        \
  X(double, adjustment_end, kNaN) /* end of the aménagement phase */                     \
  X(std::uint32_t, job_pool_pos, kNone)                                                   \
  X(std::uint32_t, housing_pool_pos, kNone)                                               \
  X(std::uint16_t, episode, 0)     /* recidivism episode number */                        \
  X(double, episode_start, kNaN)   /* day the current at-risk episode began */            \
  X(double, hazard_elapsed, 0.0)   /* time since episode start at the last update */      \
  X(double, hazard_remaining, 0.0) /* threshold minus cumulative hazard so far */         \
  X(double, hazard_multiplier, 0.0)                                                       \
  X(std::uint32_t, job_version, 0)                                                        \
  X(std::uint32_t, housing_version, 0)                                                    \
  X(double, assessment_requested, kNaN)                                                   \
  X(bool, has_index, false)                                                               \
  X(double, index_day, kNaN)                                                              \
  X(float, age_at_index, 0.f)                                                             \
  X(double, measure_start_day, kNaN)                                                      \
  X(double, measure_end_day, kNaN)                                                        \
  X(double, reconviction_day, kNaN)                                                       \
  X(double, reimprisonment_day, kNaN)                                                     \
  X(std::int8_t, employed_6m, -1)                                                         \
  X(std::int8_t, housed_6m, -1)                                                           \
  X(std::int8_t, employed_12m, -1)                                                        \
  X(std::int8_t, housed_12m, -1)                                                          \
  X(std::int8_t, reintegrated_12m, -1)                                                    \
  X(std::uint8_t, needs_at_entry, 0)                                                      \
  X(double, custody_start, kNaN) /* start of the current custody spell */                \
  X(double, custody_days, kNaN)  /* custody before the index release */                \
  /* geography (site_geography.cpp) */                                                  \
  X(std::uint16_t, home_site, kNoHome) /* the SPIP that follows them after release */

// One person's fields. Rows are stored contiguously (a compact array of records): an event
// handles one person and reads a dozen of their fields, so keeping a person's fields
// together costs one or two cache lines per event where separate columns cost a dozen
// (measured: see bench/README.md, "person layout").
struct PersonRow {
#define SPIPSIM_ROW_FIELD(type, name, init) type name = init;
  SPIPSIM_PERSON_COLUMNS(SPIPSIM_ROW_FIELD)
#undef SPIPSIM_ROW_FIELD
};

// A column-like view of one field of every row: people.officer[slot] reads
// rows[slot].officer. Keeps the model's code independent of the storage layout.
template <class T, T PersonRow::*Member>
class PersonColumn {
 public:
  explicit PersonColumn(std::vector<PersonRow>* rows) : rows_(rows) {}
  T& operator[](std::size_t i) { return (*rows_)[i].*Member; }
  const T& operator[](std::size_t i) const { return (*rows_)[i].*Member; }

 private:
  std::vector<PersonRow>* rows_;
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
  static constexpr std::size_t bytes_per_slot() {
    return sizeof(PersonRow);
  }

 private:
  std::vector<PersonRow> rows_;
  std::vector<std::uint32_t> free_;
};

// Refers to a person from an event or a queue; stale once the slot is recycled.
struct PersonRef {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
};

}  // namespace spipsim::model
