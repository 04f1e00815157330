#pragma once
// One person's fields as a plain value: what travels in a transfer between sites.
#include "sim/model/person_store.hpp"

namespace spipsim::model {

using PersonSnapshot = PersonRow;

inline PersonSnapshot take_snapshot(const PersonStore& store, std::uint32_t slot) {
  return store.row(slot);
}

// Copies every field except the slot bookkeeping (generation, status_version), which
// belongs to the receiving slot.
inline void restore_snapshot(PersonStore& store, std::uint32_t slot, const PersonSnapshot& s) {
  PersonRow& row = store.row(slot);
  auto generation = row.generation;
  auto status_version = row.status_version;
  row = s;
  row.generation = generation;
  row.status_version = status_version + 1;
}

}  // namespace spipsim::model
