#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run: the first one asks the run to stop cleanly,
// so that the results writer removes its temporary file and no partial results file is
// left; a second one terminates at once (the default action), for a run that is stuck.
namespace spipsim::app {

void install_interrupt_handler();

// True once SIGINT or SIGTERM has arrived. Safe to call from any thread.
bool interrupt_requested();

}  // namespace spipsim::app
