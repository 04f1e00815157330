#include "sim/app/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace spipsim::app {
namespace {

// A signal handler can reach nothing but a global; a lock-free atomic is what it may touch.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) {
  interrupted.store(true);
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  // One-shot: the handler resets to the default, so a second Ctrl-C kills the process.
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() {
  return interrupted.load();
}

}  // namespace spipsim::app
