#include "sim/app/console/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace spipsim::experiment {
namespace {

constexpr int kBarWidth = 30;
// ~10 Hz: smooth to the eye, negligible cost even when every replicate reports each window.
constexpr auto kMinInterval = std::chrono::milliseconds(100);

std::string duration_text(double seconds) {
  long s = std::lround(std::max(0.0, seconds));
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
  return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
}

}  // namespace

ProgressBar::ProgressBar(bool enabled, std::FILE* out)
    : enabled_(enabled), out_(out), start_(std::chrono::steady_clock::now()), last_draw_() {}

ProgressBar::~ProgressBar() {
  finish();
}

bool ProgressBar::wanted(bool quiet) {
  return !quiet && ::isatty(::fileno(stderr)) == 1;
}

std::string ProgressBar::frame(double fraction, double elapsed_seconds) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  int filled = static_cast<int>(std::floor(fraction * kBarWidth));
  std::string text = "[";
  text.append(static_cast<std::size_t>(filled), '#');
  text.append(static_cast<std::size_t>(kBarWidth - filled), '.');
  text += "] ";
  text += std::to_string(static_cast<int>(std::floor(fraction * 100.0))) + "%";
  text += "  elapsed " + duration_text(elapsed_seconds);
  // Before 1% the rate is mostly start-up cost; an estimate would mislead.
  if (fraction >= 0.01 && fraction < 1.0)
    text += "  eta " + duration_text(elapsed_seconds * (1.0 - fraction) / fraction);
  return text;
}

void ProgressBar::update(double fraction) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  fraction_ = std::max(fraction_, std::clamp(fraction, 0.0, 1.0));
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < kMinInterval) return;
  last_draw_ = now;
  draw_locked(fraction_);
}

void ProgressBar::finish() {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  draw_locked(fraction_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void ProgressBar::draw_locked(double fraction) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // "\r" returns to the start of the line; "\x1b[K" erases what a longer frame left behind.
  std::fprintf(out_, "\r%s\x1b[K", frame(fraction, elapsed).c_str());
  std::fflush(out_);
  drawn_ = true;
}

}  // namespace spipsim::experiment
