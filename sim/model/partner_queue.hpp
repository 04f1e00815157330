#pragma once
// A partner organisation's service: `capacity` people served at once, the rest wait in a
// FIFO list; an optional priority list is served first (programmes aligned with release
// dates). With Poisson referrals and exponential service this is an M/M/c queue, which
// tests/validation checks against Erlang C.
#include <cstdint>
#include <deque>

#include "sim/model/person_store.hpp"

namespace spipsim::model {

class PartnerQueue {
 public:
  struct Waiting {
    PersonRef who;
    double since_day;
  };

  void set_capacity(int places) { capacity_ = places < 0 ? 0 : places; }
  int capacity() const { return capacity_; }
  int busy() const { return busy_; }
  std::size_t waiting() const { return normal_.size() + priority_.size(); }

  // Returns true when a place is free: the caller starts the service now.
  bool join(PersonRef who, double day, bool priority) {
    if (busy_ < capacity_ && waiting() == 0) {
      ++busy_;
      return true;
    }
    (priority ? priority_ : normal_).push_back({who, day});
    return false;
  }

  // Called when a service ends (or a started service is abandoned): frees the place.
  void finish() { --busy_; }

  // Takes the next waiting person into service if a place is free.
  bool next(Waiting& out) {
    if (busy_ >= capacity_) return false;
    auto& list = priority_.empty() ? normal_ : priority_;
    if (list.empty()) return false;
    out = list.front();
    list.pop_front();
    ++busy_;
    return true;
  }

 private:
  int capacity_ = 0;
  int busy_ = 0;
  std::deque<Waiting> priority_, normal_;
};

}  // namespace spipsim::model
