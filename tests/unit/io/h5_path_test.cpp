#include "sim/io/h5_path.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/io_error.hpp"

using namespace spipsim::io;
using ::testing::ElementsAre;

TEST(H5Path, SpellsEveryObjectPathOneWay) {
  EXPECT_EQ(absolute_h5_path(""), "/");
  EXPECT_EQ(absolute_h5_path("/"), "/");
  EXPECT_EQ(absolute_h5_path("summary"), "/summary");
  EXPECT_EQ(absolute_h5_path("/series/monthly/"), "/series/monthly");
  for (const char* bad : {"a//b", "/a/./b", "../a", "/a/../b"})
    EXPECT_THROW(absolute_h5_path(bad), IoError) << bad;
}

TEST(H5Path, JoinsSplitsAndListsPrefixes) {
  EXPECT_EQ(join_h5_path("/", "x"), "/x");
  EXPECT_EQ(join_h5_path("/a/b", "x"), "/a/b/x");
  EXPECT_EQ(split_h5_path("/a/b/c"), (std::pair<std::string, std::string>{"/a/b", "c"}));
  EXPECT_EQ(split_h5_path("/c"), (std::pair<std::string, std::string>{"/", "c"}));
  EXPECT_THAT(h5_path_prefixes("/a/b/c"), ElementsAre("/a", "/a/b", "/a/b/c"));
  EXPECT_THAT(h5_path_prefixes("/"), ElementsAre());
}
