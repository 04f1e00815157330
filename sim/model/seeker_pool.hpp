#pragma once
// People searching a market (jobs or dwellings) in one territory. O(1) insert, remove and
// uniform pick; each member's position lives in a PersonStore column so removal needs no
// search.
#include <cstdint>
#include <vector>

#include "sim/model/person_store.hpp"

namespace spipsim::model {

class SeekerPool {
 public:
  template <class Positions>
  void add(std::uint32_t slot, Positions& pos) {
    if (pos[slot] != kNone) return;
    pos[slot] = std::uint32_t(members_.size());
    members_.push_back(slot);
  }
  template <class Positions>
  void remove(std::uint32_t slot, Positions& pos) {
    std::uint32_t at = pos[slot];
    if (at == kNone) return;
    std::uint32_t last = members_.back();
    members_[at] = last;
    pos[last] = at;
    members_.pop_back();
    pos[slot] = kNone;
  }
  std::size_t size() const { return members_.size(); }
  bool empty() const { return members_.empty(); }
  const std::vector<std::uint32_t>& members() const { return members_; }  // for invariants
  // u in (0,1)
  std::uint32_t pick(double u) const {
    auto i = std::size_t(u * double(members_.size()));
    return members_[i < members_.size() ? i : members_.size() - 1];
  }

 private:
  std::vector<std::uint32_t> members_;
};

}  // namespace spipsim::model
