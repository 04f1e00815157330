#pragma once
// A one-line progress bar on stderr: "[#####.....] 45%  elapsed 12s  eta 15s". It draws
// only on a terminal, so logs and pipes stay clean, and at most about ten times a second,
// so thousands of progress reports from replicate threads cost nothing visible.
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace spipsim::experiment {

class ProgressBar {
 public:
  // A disabled bar ignores every call. `out` is where it draws (stderr in the program).
  explicit ProgressBar(bool enabled, std::FILE* out = stderr);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // True when a bar is worth drawing: stderr is a terminal and the user did not ask quiet.
  static bool wanted(bool quiet);

  // Thread-safe. `fraction` in [0, 1]; values out of range are clamped, and the bar never
  // moves backwards (replicates report out of order).
  void update(double fraction);

  // Draws the latest fraction and ends the line; later updates are ignored. Called by the
  // destructor if not called before, so an exception leaves the terminal on a fresh line
  // (and an interrupted run shows where it stopped, not 100%). Idempotent.
  void finish();

  // The text of one frame, without the carriage return; exposed for tests.
  static std::string frame(double fraction, double elapsed_seconds);

 private:
  void draw_locked(double fraction);

  bool enabled_;
  std::FILE* out_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  double fraction_ = 0.0;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace spipsim::experiment
