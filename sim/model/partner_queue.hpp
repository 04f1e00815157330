#pragma once
// A partner organisation's service: `capacity` people served at once, the rest wait in a
// FIFO list; an optional priority list is served first (programmes aligned with release
// dates). With Poisson referrals and exponential service this is an M/M/c queue, which
// tests/validation checks against Erlang C (and the priority list against Cobham).
//
// A waiting person may give up at a day fixed when they join (patience: M/M/c+M, Erlang A).
// As on a real waiting list, the partner learns it only when that person's turn comes: the
// entry is then skipped without taking a place and handed to the caller (`gave_up`), so the
// list length counts everyone not yet called, and the waits of the people served are those
// of an Erlang A queue.
#include <cstdint>
#include <deque>
#include <limits>

#include "sim/model/person_store.hpp"

namespace spipsim::model {

class PartnerQueue {
 public:
  struct Waiting {
    PersonRef who;
    double since_day;
    double gives_up_day = std::numeric_limits<double>::infinity();
  };

  void set_capacity(int places) { capacity_ = places < 0 ? 0 : places; }
  int capacity() const { return capacity_; }
  int busy() const { return busy_; }
  std::size_t waiting() const { return normal_.size() + priority_.size(); }

  // Returns true when a place is free: the caller starts the service now.
  bool join(PersonRef who, double day, bool priority,
            double gives_up_day = std::numeric_limits<double>::infinity()) {
    if (busy_ < capacity_ && waiting() == 0) {
      ++busy_;
      return true;
    }
    (priority ? priority_ : normal_).push_back({who, day, gives_up_day});
    return false;
  }

  // Called when a service ends (or a started service is abandoned): frees the place.
  void finish() { --busy_; }

  // Takes the next waiting person into service if a place is free. People whose give-up day
  // is not after `day` are skipped and passed to gave_up(const Waiting&).
  template <class GaveUp>
  bool next(Waiting& out, double day, GaveUp&& gave_up) {
    if (busy_ >= capacity_) return false;
    while (true) {
      auto& list = priority_.empty() ? normal_ : priority_;
      if (list.empty()) return false;
      out = list.front();
      list.pop_front();
      if (out.gives_up_day <= day) {
        gave_up(static_cast<const Waiting&>(out));
        continue;
      }
      ++busy_;
      return true;
    }
  }
  bool next(Waiting& out) {
    return next(out, -std::numeric_limits<double>::infinity(), [](const Waiting&) {});
  }

 private:
  int capacity_ = 0;
  int busy_ = 0;
  std::deque<Waiting> priority_, normal_;
};

}  // namespace spipsim::model
