#pragma once
// Happens-before edges for the thread sanitizer where the synchronisation is TBB's.
//
// Debian's oneTBB library is not built with -fsanitize=thread, so TSAN does not see the
// atomics and futexes by which TBB hands a task to a worker (the worker reads the body that
// the caller or another worker copied into the task) and tells the caller that every task
// has finished. TBB guarantees these edges; `tsan_parallel_body` states them to TSAN:
//   - a body copy is published (TSAN "release" on its address) when it is constructed, and
//     whoever copies it or runs it first acquires that address, so the caller's writes
//     before parallel_for, and the captures, happen before every body call;
//   - every call ends with a release on the join address, which the caller acquires after
//     parallel_for returns (`ParallelJoin::join`); a copy into recycled task memory also
//     acquires it, since TBB reuses a finished task's memory only after its calls ended.
// Nothing else is hidden: two bodies running at once are still checked against each other.
// What remains, TBB's own bookkeeping compiled from its headers, is the subject of
// .ci/tsan.supp. Outside TSAN builds everything here is empty and inlines away.
#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace spipsim::engine {

namespace detail {
#if defined(__SANITIZE_THREAD__)
inline void tsan_release(const void* address) {
  __tsan_release(const_cast<void*>(address));
}
inline void tsan_acquire(const void* address) {
  __tsan_acquire(const_cast<void*>(address));
}
#else
inline void tsan_release(const void*) {}
inline void tsan_acquire(const void*) {}
#endif
}  // namespace detail

// The end of a parallel section: every body call happens before join() returns.
class ParallelJoin {
 public:
  void join() const { detail::tsan_acquire(&token_); }
  void task_ended() const { detail::tsan_release(&token_); }

 private:
  char token_ = 0;  // only its address matters: TSAN keys sync clocks by address
};

#if defined(__SANITIZE_THREAD__)
template <class F>
class TsanParallelBody {
 public:
  TsanParallelBody(F f, const ParallelJoin& join) : f_(std::move(f)), join_(&join) {
    detail::tsan_release(this);
  }
  TsanParallelBody(const TsanParallelBody& other) : TsanParallelBody(acquired(other), 0) {}
  TsanParallelBody& operator=(const TsanParallelBody&) = delete;

  template <class... Args>
  void operator()(Args&&... args) const {
    detail::tsan_acquire(this);
    f_(std::forward<Args>(args)...);
    join_->task_ended();
  }

 private:
  static const TsanParallelBody& acquired(const TsanParallelBody& other) {
    detail::tsan_acquire(&other);
    other.join_->join();
    return other;
  }
  TsanParallelBody(const TsanParallelBody& other, int) : f_(other.f_), join_(other.join_) {
    detail::tsan_release(this);
  }
  F f_;
  const ParallelJoin* join_;
};

template <class F>
TsanParallelBody<F> tsan_parallel_body(F f, const ParallelJoin& join) {
  return TsanParallelBody<F>(std::move(f), join);
}
#else
template <class F>
F tsan_parallel_body(F f, const ParallelJoin&) {
  return f;
}
#endif

}  // namespace spipsim::engine
