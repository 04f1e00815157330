#pragma once
// Ctrl-C (SIGINT) and SIGTERM. While a command is still reading and checking its inputs
// (a large scenario, its data, a design) nothing of its own is on disk yet, so the signal
// ends the process at once with exit 130: no reader has to poll a flag, and a long load is
// honoured immediately. Once the command starts work that writes (a journal, a results
// file: defer_interrupts()), the first signal asks the work to stop cleanly, so that the
// writer removes its temporary file and no partial results file is left; a second one
// terminates at once (the default action), for a run that is stuck.
namespace spipsim::app {

// Installs the handler in its "exit at once" mode.
void install_interrupt_handler();

// From now on, the first signal only sets the flag read by interrupt_requested(). If a
// signal arrived in between, the flag is already set.
void defer_interrupts();

// True once SIGINT or SIGTERM has arrived while deferred. Safe to call from any thread.
bool interrupt_requested();

}  // namespace spipsim::app
