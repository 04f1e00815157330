// World and its data readers: bad rows are reported with file:line, a département without
// figures (Mayotte) is skipped, borders between selected sites become neighbours, and an
// unknown site code is an error that names it.
#include "sim/model/world.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace spipsim::model {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kHeader = "code,name,region,population,unemployment_rate\n";

class WorldFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "spipsim_world_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  // The message of the runtime_error read_territories throws on `text`.
  std::string territories_error(const std::string& text) {
    std::string path = write("d.csv", text);
    try {
      read_territories(path);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    ADD_FAILURE() << "accepted:\n" << text;
    return {};
  }

  fs::path dir_;
};

TEST_F(WorldFiles, ReadsRowsAndSkipsADepartementWithoutFigures) {
  std::string path =
      write("d.csv", std::string(kHeader) +
                         "01,Ain,Auvergne-Rhône-Alpes,679344,5.5\n"
                         "\n"
                         "976,Mayotte,Mayotte,,\n"
                         "2A,Corse-du-Sud,Corse,162421,6.1\r\n"
                         "\"13\",\"Bouches-du-Rhône, Marseille\",PACA,2069811,8.9\n");
  auto rows = read_territories(path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].code, "01");
  EXPECT_EQ(rows[0].region, "Auvergne-Rhône-Alpes");
  EXPECT_EQ(rows[0].population, 679344);
  EXPECT_EQ(rows[0].unemployment_rate, 5.5);
  EXPECT_EQ(rows[1].code, "2A");
  EXPECT_EQ(rows[1].unemployment_rate, 6.1) << "a Windows line end is ignored";
  EXPECT_EQ(rows[2].name, "Bouches-du-Rhône, Marseille") << "quoted commas stay in the cell";
}

TEST_F(WorldFiles, BadRowsNameTheFileAndLine) {
  std::string d = (dir_ / "d.csv").string();
  EXPECT_THAT(territories_error("code;name\n"), HasSubstr(d + ":1: expected the header"));
  EXPECT_THAT(territories_error(std::string(kHeader) + "01,Ain,ARA,679344,5.5\n02,Aisne,HdF,5\n"),
              HasSubstr(d + ":3: expected 5 columns"));
  EXPECT_THAT(territories_error(std::string(kHeader) + "01,Ain,ARA,many,5.5\n"),
              HasSubstr(d + ":2: column 'population' is not a number: 'many'"));
  EXPECT_THAT(territories_error(std::string(kHeader) + "01,Ain,ARA,679344,5.5%\n"),
              HasSubstr(d + ":2: column 'unemployment_rate' is not a number"));
  EXPECT_THAT(territories_error(std::string(kHeader) + "01,Ain,ARA,-5,5.5\n"),
              HasSubstr(d + ":2: population must be > 0"));
  EXPECT_THAT(territories_error(std::string(kHeader) + "01,Ain,ARA,679344,100\n"),
              HasSubstr(d + ":2:"));
  EXPECT_THAT(territories_error(std::string(kHeader) + "976,Mayotte,Mayotte,,7\n"),
              HasSubstr(d + ":2: column 'population' is not a number: ''"))
      << "only a row with both figures missing is skipped";
}

TEST_F(WorldFiles, MissingFilesAndBadBordersAreReported) {
  std::string missing = (dir_ / "none.csv").string();
  EXPECT_THROW(
      {
        try {
          read_territories(missing);
        } catch (const std::runtime_error& e) {
          EXPECT_THAT(e.what(), HasSubstr(missing + ": the departements file does not exist"));
          throw;
        }
      },
      std::runtime_error);
  std::string borders = write("a.csv", "code_a,code_b\n01,38\n01\n");
  try {
    read_borders(borders);
    ADD_FAILURE() << "a one-column border row was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(borders + ":3: expected 2 columns"));
  }
}

std::vector<TerritoryRow> three_territories() {
  return {{"01", "Ain", "ARA", 600000, 5.5},
          {"38", "Isère", "ARA", 1300000, 6.5},
          {"39", "Jura", "BFC", 100000, 5.0}};
}

TEST(World, BordersBetweenSelectedSitesGiveNeighbours) {
  std::vector<std::pair<std::string, std::string>> borders = {
      {"01", "38"}, {"01", "39"}, {"38", "73"}, {"39", "25"}};
  World all(three_territories(), borders, "all");
  ASSERT_EQ(all.site_count(), 3u);
  EXPECT_EQ(all.neighbours(0), (std::vector<std::uint16_t>{1, 2}));
  EXPECT_EQ(all.neighbours(1), (std::vector<std::uint16_t>{0}));
  EXPECT_EQ(all.neighbours(2), (std::vector<std::uint16_t>{0}));
  EXPECT_DOUBLE_EQ(all.national_population(), 2000000);
  EXPECT_DOUBLE_EQ(all.population_share(1), 0.65);

  // A selection keeps its own order; the national population stays the table's.
  World two(three_territories(), borders, "39, 38,39");
  ASSERT_EQ(two.site_count(), 2u) << "spaces trimmed, duplicates ignored";
  EXPECT_EQ(two.territory(0).code, "39");
  EXPECT_EQ(two.territory(1).code, "38");
  EXPECT_TRUE(two.neighbours(0).empty()) << "Jura and Isère share no border";
  EXPECT_TRUE(two.neighbours(1).empty());
  EXPECT_DOUBLE_EQ(two.population_share(0), 0.05);
}

TEST(World, UnknownSiteCodeIsAnError) {
  try {
    World w(three_territories(), {}, "01,974");
    ADD_FAILURE() << "unknown code accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("world.sites"));
    EXPECT_THAT(e.what(), HasSubstr("'974'"));
  }
}

// A data path pointed at an endless device or a FIFO was read until memory ran out (or
// forever): refused, naming what it is, before a byte is read.
TEST_F(WorldFiles, DevicesAndFifosAreRefusedBeforeReading) {
  try {
    read_territories("/dev/zero");
    ADD_FAILURE() << "/dev/zero read";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("is a character device, not a regular file"));
  }
  const std::string fifo = (dir_ / "pipe.csv").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  try {
    read_borders(fifo);
    ADD_FAILURE() << "FIFO read";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("is a FIFO (named pipe)"));
  }
}

// An empty list used to mean all of France: a scenario meant for a few sites would silently
// simulate a hundred. It is an error naming the key and the way to ask for all of them.
TEST(World, EmptySiteListIsAnError) {
  for (const char* selection : {"", " ", ", ,"}) {
    try {
      World w(three_territories(), {}, selection);
      ADD_FAILURE() << "empty selection '" << selection << "' accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("world.sites"));
      EXPECT_THAT(e.what(), HasSubstr("\"all\""));
    }
  }
}

TEST(World, PartnersAreVerticesWithAgreementEdges) {
  World w(three_territories(), {{"01", "38"}}, "all");
  std::size_t before = boost::num_vertices(w.graph());
  EXPECT_EQ(before, 12u)
      << "a territory, a site, a labour market and a housing market vertex per site (no "
         "prisons data)";
  double agreements[kPartnerTypes] = {0.1, 0.2, 0.3, 0.4, 0.5};
  w.add_partners(1, agreements);
  EXPECT_EQ(boost::num_vertices(w.graph()), before + kPartnerTypes);
  EXPECT_EQ(w.neighbours(1), (std::vector<std::uint16_t>{0})) << "partners are not neighbours";
}

TEST(World, RealDataHasTheHundredAndOneDepartements) {
  fs::path data = fs::path(SPIPSIM_SOURCE_DIR) / "data";
  auto rows = read_territories((data / "departements.csv").string());
  EXPECT_EQ(rows.size(), 101u) << "Mayotte's figures come from mayotte.csv";
  auto borders = read_borders((data / "adjacency.csv").string());
  EXPECT_EQ(borders.size(), 238u);
  World w(rows, borders, "21,25,39");
  // Jura borders Côte-d'Or and Doubs; those two do not touch (Haute-Saône lies between).
  EXPECT_EQ(w.neighbours(0), (std::vector<std::uint16_t>{2}));
  EXPECT_EQ(w.neighbours(1), (std::vector<std::uint16_t>{2}));
  EXPECT_EQ(w.neighbours(2), (std::vector<std::uint16_t>{0, 1}));
}

}  // namespace
}  // namespace spipsim::model
