#pragma once
// Runs the real `spipsim` binary in a fresh temporary directory and captures its exit
// status, stdout and stderr: the command line is tested as a user meets it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace spipsim::cli_test {

namespace fs = std::filesystem;

struct Result {
  int status = -1;
  std::string out, err;
};

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("spipsim_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);  // kept on failure, for a look
  }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }

  // `args` is pasted into a shell command line after the binary, in dir_.
  Result spipsim(const std::string& args) { return spipsim_prefixed("", args); }

  // The same with `prefix` before the binary: "timeout 20 ", "VAR=value ".
  Result spipsim_prefixed(const std::string& prefix, const std::string& args) {
    std::string command = "cd '" + dir_.string() + "' && " + prefix + "'" SPIPSIM_BINARY "' " +
                          args + " > stdout.txt 2> stderr.txt < /dev/null";
    int raw = std::system(command.c_str());
    Result result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    result.out = read_text(dir_ / "stdout.txt");
    result.err = read_text(dir_ / "stderr.txt");
    fs::remove(dir_ / "stdout.txt");
    fs::remove(dir_ / "stderr.txt");
    return result;
  }

  // True when python3's json module accepts `text`.
  bool valid_json(const std::string& text) {
    write("check.json", text);
    std::string command = "/usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)' < '" +
                          (dir_ / "check.json").string() + "'";
    bool ok = std::system(command.c_str()) == 0;
    fs::remove(dir_ / "check.json");
    return ok;
  }

  fs::path dir_;
};

}  // namespace spipsim::cli_test
