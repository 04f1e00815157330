// The one journal: records of any length come back in order; a torn tail, a flipped bit or
// a record the reader refuses ends the journal there and is cut off; a journal of another
// kind, fingerprint or size is refused; a header cut at creation starts it again.
#include "sim/experiment/run/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("spipsim_journal_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = dir_ / "j.journal";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Opens the journal and returns the records it holds, as strings.
  std::vector<std::string> open(const JournalIdentity& identity,
                                const std::vector<std::string>& append = {},
                                std::string_view refuse = "(none)") {
    std::vector<std::string> found;
    Journal journal(path_, identity, "belongs to another test",
                    [&](std::span<const unsigned char> payload) {
                      std::string text(payload.begin(), payload.end());
                      if (text == refuse) return false;
                      found.push_back(text);
                      return true;
                    });
    EXPECT_EQ(journal.recovered(), found.size());
    for (const std::string& text : append)
      journal.append(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
    return found;
  }

  fs::path dir_, path_;
  const JournalIdentity kId{"test", 7, 1, 2};
};

using Texts = std::vector<std::string>;

TEST_F(JournalTest, RecordsOfAnyLengthComeBackInOrder) {
  EXPECT_EQ(open(kId, {"first", "", std::string(5000, 'x'), "last"}), Texts{});
  EXPECT_EQ(open(kId), (Texts{"first", "", std::string(5000, 'x'), "last"}));
  EXPECT_EQ(fs::file_size(path_), 40u + 4 * 16 + 5 + 5000 + 4);
}

TEST_F(JournalTest, ATornTailIsCutOff) {
  open(kId, {"one", "two"});
  const auto intact = fs::file_size(path_);
  for (std::size_t cut = 1; cut < 19; ++cut) {  // every prefix of a third record
    open(kId, {"three"});
    fs::resize_file(path_, intact + cut);
    EXPECT_EQ(open(kId), (Texts{"one", "two"})) << cut;
    EXPECT_EQ(fs::file_size(path_), intact);
  }
}

TEST_F(JournalTest, AFlippedBitEndsTheJournalAtThatRecord) {
  open(kId, {"one", "two", "three"});
  {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40 + 16 + 3 + 8 + 1);  // inside "two"
    f.put('W');
  }
  EXPECT_EQ(open(kId), Texts{"one"});
  EXPECT_EQ(fs::file_size(path_), 40u + 16 + 3);
}

TEST_F(JournalTest, ARecordTheReaderRefusesEndsTheJournal) {
  open(kId, {"a", "bad", "c"});
  EXPECT_EQ(open(kId, {}, "bad"), Texts{"a"});
  EXPECT_EQ(open(kId), Texts{"a"});
}

TEST_F(JournalTest, AJournalOfAnotherJobIsRefusedAndKept) {
  open(kId, {"mine"});
  for (const JournalIdentity& other :
       {JournalIdentity{"other", 7, 1, 2}, JournalIdentity{"test", 8, 1, 2},
        JournalIdentity{"test", 7, 2, 2}, JournalIdentity{"test", 7, 1, 3}}) {
    try {
      open(other);
      ADD_FAILURE() << "accepted a journal of another job";
    } catch (const JournalMismatch& e) {
      EXPECT_EQ(std::string(e.what()), "journal " + path_.string() + " belongs to another test");
    }
  }
  EXPECT_EQ(open(kId), Texts{"mine"});
  std::ofstream(path_, std::ios::trunc) << "# spipsim calibrate journal v1 abc\n";
  EXPECT_THROW(open(kId), JournalMismatch) << "an older text journal is foreign too";
}

TEST_F(JournalTest, AHeaderCutAtCreationStartsAfresh) {
  std::ofstream(path_, std::ios::binary) << "SPIPJ";
  EXPECT_EQ(open(kId, {"x"}), Texts{});
  EXPECT_EQ(open(kId), Texts{"x"});
}

TEST_F(JournalTest, RemoveDeletesTheFile) {
  Journal journal(path_, kId, "", [](auto) { return true; });
  journal.remove();
  EXPECT_FALSE(fs::exists(path_));
}

// Journal::read, for a journal another process is writing (allocate --shard): it sees the
// records up to a torn tail and leaves that tail alone (it may be a record being written);
// a missing file has no records; a journal of another job is refused.
TEST_F(JournalTest, ReadingAnotherProcesssJournalNeverCutsItsTail) {
  auto read = [&](const JournalIdentity& identity) {
    Texts found;
    const std::uint64_t n = Journal::read(path_, identity, "belongs to another test",
                                          [&](std::span<const unsigned char> payload) {
                                            found.emplace_back(payload.begin(), payload.end());
                                            return true;
                                          });
    EXPECT_EQ(n, found.size());
    return found;
  };
  EXPECT_EQ(read(kId), Texts{}) << "a missing journal";
  open(kId, {"one", "two"});
  const auto intact = fs::file_size(path_);
  open(kId, {"three"});
  fs::resize_file(path_, intact + 7);  // "three" half written
  EXPECT_EQ(read(kId), (Texts{"one", "two"}));
  EXPECT_EQ(fs::file_size(path_), intact + 7) << "the reader cut another process's record";
  EXPECT_THROW(read(JournalIdentity{"test", 8, 1, 2}), JournalMismatch);
  std::ofstream(path_, std::ios::binary | std::ios::trunc) << "SPIPJ";  // being created
  EXPECT_EQ(read(kId), Texts{});
}

}  // namespace
}  // namespace spipsim::experiment
