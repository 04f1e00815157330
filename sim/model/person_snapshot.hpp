#pragma once
// One person's columns as a plain struct: what travels in a transfer between sites.
#include "sim/model/person_store.hpp"

namespace spipsim::model {

struct PersonSnapshot {
#define SPIPSIM_SNAPSHOT_FIELD(type, name, init) type name = init;
  SPIPSIM_PERSON_COLUMNS(SPIPSIM_SNAPSHOT_FIELD)
#undef SPIPSIM_SNAPSHOT_FIELD
};

inline PersonSnapshot take_snapshot(const PersonStore& store, std::uint32_t slot) {
  PersonSnapshot s;
#define SPIPSIM_SNAPSHOT_TAKE(type, name, init) s.name = store.name[slot];
  SPIPSIM_PERSON_COLUMNS(SPIPSIM_SNAPSHOT_TAKE)
#undef SPIPSIM_SNAPSHOT_TAKE
  return s;
}

// Copies every column except the slot bookkeeping (generation, status_version), which
// belongs to the receiving slot.
inline void restore_snapshot(PersonStore& store, std::uint32_t slot, const PersonSnapshot& s) {
  auto generation = store.generation[slot];
  auto status_version = store.status_version[slot];
#define SPIPSIM_SNAPSHOT_PUT(type, name, init) store.name[slot] = s.name;
  SPIPSIM_PERSON_COLUMNS(SPIPSIM_SNAPSHOT_PUT)
#undef SPIPSIM_SNAPSHOT_PUT
  store.generation[slot] = generation;
  store.status_version[slot] = status_version + 1;
}

}  // namespace spipsim::model
