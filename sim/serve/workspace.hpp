#pragma once
// The workbench's workspace: the one folder a request may read or write. Everything a
// request names (a scenario, a job, a download) is a *name* checked against a strict
// pattern and then joined to a fixed sub-folder, never a path taken from the request, so
// "..", "/" or a symlink name cannot leave the workspace.
//
//   <workspace>/scenarios/<name>.toml   the planner's own scenarios
//   <workspace>/jobs/<id>/job.json      a job: what was asked, its state
//   <workspace>/jobs/<id>/...           its results (comparison.h5, results.json, CSV tables)
//   <workspace>/drafts/                 scratch files of the validation (removed after use)
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace spipsim::serve {

// A scenario or job name: 1 to 64 characters among A-Z a-z 0-9 '-' '_', not starting with
// '-' (so it is never read as an option nor as a hidden file).
bool is_safe_name(std::string_view name);

class Workspace {
 public:
  // Creates the folders if needed. Throws std::filesystem::filesystem_error.
  explicit Workspace(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path scenarios_dir() const { return root_ / "scenarios"; }
  std::filesystem::path jobs_dir() const { return root_ / "jobs"; }
  std::filesystem::path drafts_dir() const { return root_ / "drafts"; }

  // nullopt unless `name` is safe.
  std::optional<std::filesystem::path> scenario_file(std::string_view name) const;
  std::optional<std::filesystem::path> job_dir(std::string_view id) const;

 private:
  std::filesystem::path root_;
};

// Writes `text` to `path` atomically: a temporary file next to it, flushed and synced, then
// renamed over it. Readers see the old content or the new one, never half of it. Throws
// std::runtime_error naming the file.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace spipsim::serve
