#pragma once
// What the sweep CLI tests share: a small design on small-site (6 points x 2 replicates of
// one simulated year, about a second of work), a background launch that can be killed, and
// a comparison of every table of two results files outside /manifest.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <thread>

#include "cli_fixture.hpp"
#include "sim/experiment/sweep/sweep_plan.hpp"
#include "sim/io/h5_file_reader.hpp"

namespace spipsim::cli_test {

class SweepTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    small_site_ = fs::path(SPIPSIM_SOURCE_DIR) / "scenarios" / "small-site.toml";
    write("grid.toml", design("grid",
                              "[[parameter]]\nname = \"staffing.officer_scale\"\n"
                              "values = [0.9, 1.1]\n[[parameter]]\n"
                              "name = \"digital.remote_share\"\n"
                              "values = [0.0, 0.3, 0.5]\n"));
  }

  std::string design(const std::string& method, const std::string& rest) {
    return "description = \"test design\"\nscenario = \"" + small_site_.string() +
           "\"\nmethod = \"" + method + "\"\nreplicates = 2\n" + rest +
           "[set]\nrun.years = 1.0\nrun.warmup_years = 1.0\n";
  }

  // `mpirun -np <ranks> spipsim <args>` as a shell command (the MPI tests of sweep, run,
  // compare and allocate). Root in containers and CI: OpenMPI refuses to run as root without
  // these variables.
  static std::string mpirun_command(int ranks, const std::string& args) {
    return "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
           "OMPI_MCA_rmaps_base_oversubscribe=1 exec mpirun --oversubscribe -np " +
           std::to_string(ranks) + " '" SPIPSIM_BINARY "' " + args;
  }

  // mpirun in dir_, waited for, output to stdout.txt and stderr.txt.
  Result mpirun(int ranks, const std::string& args) {
    const std::string command = "cd '" + dir_.string() + "' && (" + mpirun_command(ranks, args) +
                                ") > stdout.txt 2> stderr.txt < /dev/null";
    const int raw = std::system(command.c_str());
    Result result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    result.out = read_text(dir_ / "stdout.txt");
    result.err = read_text(dir_ / "stderr.txt");
    return result;
  }

  // mpirun in the background, in dir_, output to bg-stdout.txt and bg-stderr.txt; its pid.
  pid_t start_mpirun(int ranks, const std::string& args) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (::chdir(dir_.c_str()) != 0) ::_exit(127);
      const std::string command =
          mpirun_command(ranks, args) + " > bg-stdout.txt 2> bg-stderr.txt < /dev/null";
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid;
  }

  // `mpirun -np <ranks> spipsim <args>`, which writes `name` in dir_: it succeeds, its
  // manifest records `ranks` (the proof that the ranks shared the work: a build without MPI
  // would run the whole job once per rank and record 1), and it holds the tables of
  // `reference` outside /manifest.
  void expect_ranks_give_the_same_file(int ranks, const std::string& args, const std::string& name,
                                       const fs::path& reference) {
    Result r = mpirun(ranks, args);
    ASSERT_EQ(r.status, 0) << r.err;
    io::H5FileReader reader = io::H5FileReader::open(dir_ / name);
    EXPECT_EQ(reader.int_attribute("/manifest", "ranks"), ranks);
    expect_same_tables(reference, dir_ / name);
  }

  // Starts spipsim in the background in dir_, output to files; returns its pid.
  pid_t start(const std::string& args) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (::chdir(dir_.c_str()) != 0) ::_exit(127);
      const std::string command =
          "exec '" SPIPSIM_BINARY "' " + args + " > bg-stdout.txt 2> bg-stderr.txt < /dev/null";
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid;
  }

  // Waits until the journal holds at least `tasks` records of a sweep (or the process ended).
  bool wait_for_journal(const fs::path& journal, std::size_t tasks, pid_t pid) {
    return wait_for_records(journal, tasks, 16 + 8 * experiment::headline_specs().size(), pid,
                            3000);
  }

  // Waits until the journal holds at least `tasks` records of `record` bytes after its 32-byte
  // header, polling every 10 ms at most `polls` times (or until the process ended).
  static bool wait_for_records(const fs::path& journal, std::size_t tasks, std::size_t record,
                               pid_t pid, int polls) {
    for (int i = 0; i < polls; ++i) {
      std::error_code ec;
      const auto size = fs::file_size(journal, ec);
      if (!ec && size >= 32 + tasks * record) return true;
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  static int wait_exit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Every table of the file outside /manifest, by path.
  static std::map<std::string, io::Table> tables(const fs::path& file) {
    io::H5FileReader reader = io::H5FileReader::open(file);
    std::map<std::string, io::Table> found;
    collect(reader, "/", found);
    return found;
  }

  static void collect(const io::H5FileReader& reader, const std::string& group,
                      std::map<std::string, io::Table>& found) {
    for (const std::string& name : reader.list_group(group)) {
      const std::string path = (group == "/" ? "/" : group + "/") + name;
      if (path == "/manifest") continue;
      if (reader.has_attribute(path, "columns"))
        found.emplace(path, reader.table(path));
      else if (!reader.has_attribute(path, "unit"))
        collect(reader, path, found);
    }
  }

  // Same tables, same columns, same bytes (NaN equals NaN).
  static void expect_same_tables(const fs::path& a, const fs::path& b) {
    const auto ta = tables(a), tb = tables(b);
    ASSERT_EQ(ta.size(), tb.size()) << a << " vs " << b;
    for (const auto& [path, table] : ta) {
      ASSERT_TRUE(tb.count(path)) << path << " missing from " << b;
      const io::Table& other = tb.at(path);
      ASSERT_EQ(table.columns.size(), other.columns.size()) << path;
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const io::Column& x = table.columns[c];
        const io::Column& y = other.columns[c];
        EXPECT_EQ(x.name, y.name) << path;
        EXPECT_EQ(x.unit, y.unit) << path << "/" << x.name;
        if (const auto* dx = std::get_if<std::vector<double>>(&x.values)) {
          const auto* dy = std::get_if<std::vector<double>>(&y.values);
          ASSERT_TRUE(dy && dx->size() == dy->size()) << path << "/" << x.name;
          EXPECT_EQ(std::memcmp(dx->data(), dy->data(), dx->size() * sizeof(double)), 0)
              << path << "/" << x.name << " differs";
        } else {
          EXPECT_TRUE(x.values == y.values) << path << "/" << x.name << " differs";
        }
      }
    }
  }

  fs::path small_site_;
};

}  // namespace spipsim::cli_test
