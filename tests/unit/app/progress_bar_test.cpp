#include "sim/app/console/progress_bar.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace spipsim::experiment {
namespace {

std::string read_all(std::FILE* file) {
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += static_cast<char>(c);
  return text;
}

TEST(ProgressBar, FrameShowsBarPercentElapsedAndEta) {
  EXPECT_EQ(ProgressBar::frame(0.45, 12.2),
            "[#############.................] 45%  elapsed 12s  eta 15s");
  EXPECT_EQ(ProgressBar::frame(0.0, 0.0), "[..............................] 0%  elapsed 0s");
  EXPECT_EQ(ProgressBar::frame(1.0, 75), "[##############################] 100%  elapsed 1m15s");
  EXPECT_EQ(ProgressBar::frame(2.0, 1), ProgressBar::frame(1.0, 1));
}

TEST(ProgressBar, DisabledWritesNothing) {
  std::FILE* file = std::tmpfile();
  {
    ProgressBar bar(false, file);
    bar.update(0.5);
  }
  EXPECT_EQ(read_all(file), "");
  std::fclose(file);
}

TEST(ProgressBar, ThrottlesConcurrentUpdatesAndEndsTheLine) {
  std::FILE* file = std::tmpfile();
  {
    ProgressBar bar(true, file);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&bar, t] {
        for (int i = 0; i < 1000; ++i) bar.update((t * 1000 + i) / 4000.0);
      });
    for (auto& thread : threads) thread.join();
    bar.update(1.0);
    bar.finish();
    bar.update(0.2);  // ignored after finish
  }
  std::string text = read_all(file);
  std::size_t frames = 0;
  for (char c : text) frames += c == '\r';
  EXPECT_GE(frames, 2u);
  EXPECT_LT(frames, 100u);  // thousands of updates, a handful of frames
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("100%"), std::string::npos);
  std::fclose(file);
}

}  // namespace
}  // namespace spipsim::experiment
