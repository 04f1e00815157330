#include "sim/app/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>

#include "sim/app/exit_codes.hpp"

namespace spipsim::app {
namespace {

// A signal handler can reach nothing but a global; a lock-free atomic is what it may touch.
std::atomic<bool> interrupted{false};
std::atomic<bool> deferred{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) {
  if (!deferred.load()) {
    // Only async-signal-safe calls here: write(2) and _exit(2).
    static constexpr char kMessage[] =
        "spipsim: interrupted while reading the input; nothing written\n";
    ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    (void)ignored;
    ::_exit(kExitInterrupted);
  }
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

void defer_interrupts() {
  deferred.store(true);
}

bool interrupt_requested() {
  return interrupted.load();
}

}  // namespace spipsim::app
