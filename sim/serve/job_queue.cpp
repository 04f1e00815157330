#include "sim/serve/job_queue.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

#include "sim/experiment/outcomes/scenario_comparison.hpp"
#include "sim/experiment/results/comparison_writer.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/replicate_runner.hpp"
#include "sim/model/simulation.hpp"
#include "sim/params/scenario.hpp"
#include "sim/serve/job_results.hpp"

extern char** environ;

namespace spipsim::serve {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string utc_now(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, format, &tm);
  return text;
}

json to_json(const JobState& job) {
  return {{"id", job.id},
          {"base", job.request.base},
          {"variants", job.request.variants},
          {"replicates", job.request.replicates},
          {"years", job.request.years},
          {"threads", job.request.threads},
          {"status", job.status},
          {"message", job.message},
          {"created", job.created}};
}

std::optional<JobState> from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    JobState job;
    job.id = j.at("id").get<std::string>();
    job.request.base = j.at("base").get<std::string>();
    job.request.variants = j.at("variants").get<std::vector<std::string>>();
    job.request.replicates = j.at("replicates").get<std::string>();
    job.request.years = j.at("years").get<std::string>();
    job.request.threads = j.at("threads").get<int>();
    job.status = j.at("status").get<std::string>();
    job.message = j.at("message").get<std::string>();
    job.created = j.at("created").get<std::string>();
    job.progress = job.status == "done" ? 1.0 : 0.0;
    return job;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

params::Diagnostic problem(std::string key, std::string rule, std::string hint = {}) {
  return params::Diagnostic{"<workbench>", 0, 0, std::move(key), std::move(rule),
                            std::move(hint)};
}

// The scenarios of a request, as `compare` loads them: the base with replicates and years
// applied like --replicates and --years, each variant given the base's replicates, seed and
// years (pairing replicate r with replicate r needs the same streams over the same window).
std::vector<params::Scenario> load_request(const JobRequest& request,
                                           const ScenarioLibrary& library,
                                           std::vector<params::Diagnostic>& all_problems) {
  std::vector<params::Diagnostic> problems;
  struct Append {  // whatever happens below, its problems join the caller's
    std::vector<params::Diagnostic>& from;
    std::vector<params::Diagnostic>& to;
    ~Append() { to.insert(to.end(), from.begin(), from.end()); }
  } append{problems, all_problems};
  std::vector<params::Scenario> scenarios;
  auto load = [&](const std::string& name, const std::string& key) {
    const std::optional<ScenarioEntry> entry = library.find(name);
    if (!entry) {
      problems.push_back(problem(key, "unknown scenario '" + name + "'"));
      return;
    }
    try {
      scenarios.push_back(params::load_scenario(entry->path));
      model::check_scenario_data(scenarios.back());
    } catch (const params::ScenarioError& error) {
      for (const params::Diagnostic& d : error.diagnostics) problems.push_back(d);
    }
  };
  load(request.base, "base");
  if (request.variants.empty())
    problems.push_back(problem("variants", "no variant to compare with the base",
                               "choose at least one variant"));
  for (const std::string& variant : request.variants) load(variant, "variants");
  if (!problems.empty()) return {};
  for (const auto& [key, text] : {std::pair{"run.replicates", request.replicates},
                                  std::pair{"run.years", request.years}}) {
    if (text.empty()) continue;
    try {
      params::apply_override(scenarios.front(), key, text);
    } catch (const params::ScenarioError& error) {
      for (const params::Diagnostic& d : error.diagnostics)
        problems.push_back(problem(d.key, d.rule, d.hint));
    }
  }
  for (std::size_t i = 1; i < scenarios.size(); ++i)
    for (params::ParamId id :
         {params::ParamId::run_replicates, params::ParamId::run_seed, params::ParamId::run_years})
      scenarios[i].values.set(id, scenarios.front().values.value(id));
  return scenarios;
}

// The self-contained HTML report of the comparison file, by the analysis package
// (python3 -m analysis.report), started directly with posix_spawn: no shell.
bool write_html_report(const fs::path& source_dir, const fs::path& results, const fs::path& out) {
  if (source_dir.empty() || !fs::is_regular_file(source_dir / "analysis" / "report.py"))
    return false;
  std::vector<std::string> args = {"/usr/bin/python3", "-m",          "analysis.report",
                                   results.string(),   "--out",       out.string()};
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e)
    if (std::strncmp(*e, "PYTHONPATH=", 11) != 0) env.emplace_back(*e);
  env.push_back("PYTHONPATH=" + source_dir.string());
  env.push_back("MPLBACKEND=Agg");
  std::vector<char*> argv, envp;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

JobQueue::JobQueue(const Workspace& workspace, const ScenarioLibrary& library, int thread_budget,
                   fs::path source_dir)
    : workspace_(workspace),
      library_(library),
      thread_budget_(thread_budget < 1 ? 1 : thread_budget),
      source_dir_(std::move(source_dir)) {
  load_existing();
  worker_ = std::thread([this] { worker_loop(); });
}

JobQueue::~JobQueue() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    cancel_running_ = true;
  }
  work_.notify_all();
  worker_.join();
}

void JobQueue::load_existing() {
  std::error_code ec;
  for (const fs::directory_entry& dir : fs::directory_iterator(workspace_.jobs_dir(), ec)) {
    if (!dir.is_directory() || !is_safe_name(dir.path().filename().string())) continue;
    const auto text = read_file(dir.path() / "job.json");
    if (!text) continue;
    std::optional<JobState> job = from_json(*text);
    if (!job || job->id != dir.path().filename().string()) continue;
    if (job->status == "queued" || job->status == "running") {
      // The server stopped under it: what a killed writer left is only ever a ".tmp".
      job->status = "interrupted";
      job->message = "the server stopped before the job finished";
      for (const fs::directory_entry& f : fs::directory_iterator(dir.path(), ec))
        if (f.path().filename().string().find(".tmp") != std::string::npos)
          fs::remove_all(f.path(), ec);
      persist(*job);
    }
    jobs_[job->id] = *job;
  }
}

std::variant<JobState, std::vector<params::Diagnostic>> JobQueue::submit(
    const JobRequest& request) {
  std::vector<params::Diagnostic> problems;
  if (request.threads < 1 || request.threads > thread_budget_)
    problems.push_back(problem("threads",
                               "must be between 1 and " + std::to_string(thread_budget_),
                               "the server's thread budget is " + std::to_string(thread_budget_)));
  load_request(request, library_, problems);
  if (!problems.empty()) return problems;

  std::lock_guard lock(mutex_);
  JobState job;
  job.request = request;
  job.status = "queued";
  job.created = utc_now("%Y-%m-%dT%H:%M:%SZ");
  const std::string stamp = utc_now("%Y%m%d-%H%M%S");
  do {
    job.id = stamp + "-" + std::to_string(next_serial_++);
  } while (jobs_.count(job.id) || fs::exists(*workspace_.job_dir(job.id)));
  fs::create_directories(*workspace_.job_dir(job.id));
  persist(job);
  jobs_[job.id] = job;
  pending_.push_back(job.id);
  bump();
  work_.notify_all();
  return job;
}

std::vector<JobState> JobQueue::list() const {
  std::lock_guard lock(mutex_);
  std::vector<JobState> all;
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) all.push_back(it->second);
  return all;
}

std::optional<JobState> JobQueue::get(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

bool JobQueue::cancel(const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return false;
  if (it->second.status == "queued") {
    std::erase(pending_, id);
    it->second.status = "cancelled";
    persist(it->second);
    bump();
    return true;
  }
  if (it->second.status == "running" && running_ == id) {
    cancel_running_ = true;  // the runner polls it; the job ends as "cancelled"
    return true;
  }
  return false;
}

std::uint64_t JobQueue::wait_for_change(std::uint64_t seen,
                                        std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return version_ != seen || stop_; });
  return version_;
}

void JobQueue::bump() {
  ++version_;
  changed_.notify_all();
}

void JobQueue::persist(const JobState& job) const {
  write_file_atomically(*workspace_.job_dir(job.id) / "job.json", to_json(job).dump(2) + "\n");
}

void JobQueue::set_state(const std::string& id, const std::string& status,
                         const std::string& message) {
  std::lock_guard lock(mutex_);
  JobState& job = jobs_.at(id);
  job.status = status;
  job.message = message;
  if (status == "done") job.progress = 1;
  persist(job);
  bump();
}

void JobQueue::worker_loop() {
  for (;;) {
    std::string id;
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [&] { return stop_ || !pending_.empty(); });
      if (stop_) return;
      id = pending_.front();
      pending_.pop_front();
      running_ = id;
      cancel_running_ = false;
      JobState& job = jobs_.at(id);
      job.status = "running";
      job.progress = 0;
      persist(job);
      bump();
    }
    run_job(id);
    std::lock_guard lock(mutex_);
    running_.clear();
  }
}

void JobQueue::run_job(const std::string& id) {
  const JobRequest request = get(id)->request;
  const fs::path dir = *workspace_.job_dir(id);
  auto cancelled = [this] { return cancel_running_.load(); };
  try {
    std::vector<params::Diagnostic> problems;
    std::vector<params::Scenario> scenarios = load_request(request, library_, problems);
    if (!problems.empty()) {  // a scenario file changed since the job was queued
      set_state(id, "failed", problems.front().format());
      return;
    }
    std::vector<std::string> stems;
    for (const params::Scenario& s : scenarios) stems.push_back(s.name);
    const std::vector<std::string> names = experiment::distinct_names(stems);
    const double count = static_cast<double>(scenarios.size());
    std::vector<experiment::ScenarioResult> results;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      experiment::RunInfo info =
          experiment::run_info(scenarios[i], "spipsim serve: job " + id, request.threads);
      info.scenario = names[i];
      experiment::RunnerOptions runner;
      runner.replicates = info.replicates;
      runner.seed = info.seed;
      runner.threads = request.threads;
      runner.cancelled = cancelled;
      // Progress in steps of 0.5%: every step wakes the pages listening for events.
      runner.progress = [this, &id, i, count](double f) {
        const double done = (double(i) + f) / count;
        std::lock_guard lock(mutex_);
        JobState& job = jobs_.at(id);
        if (int(done * 200) == int(job.progress * 200)) return;
        job.progress = done;
        bump();
      };
      results.push_back(experiment::scenario_result(
          std::move(info), experiment::run_replicates(scenarios[i], runner)));
    }
    std::vector<experiment::Comparison> comparisons;
    for (std::size_t i = 1; i < results.size(); ++i)
      comparisons.push_back(experiment::compare(results.front(), results[i]));
    // Tables first, the comparison file last: a job is done when comparison.h5 exists.
    write_file_atomically(dir / "results.json", results_json(results, comparisons).dump() + "\n");
    write_file_atomically(dir / "headlines.csv", headlines_csv(results));
    write_file_atomically(dir / "differences.csv", differences_csv(comparisons));
    write_file_atomically(dir / "sites.csv", sites_csv(results));
    experiment::write_comparison(dir / "comparison.h5", results, comparisons, cancelled);
    write_html_report(source_dir_, dir / "comparison.h5", dir / "report");
    set_state(id, "done", "");
  } catch (const experiment::Interrupted&) {
    set_state(id, "cancelled", "");
  } catch (const std::exception& error) {
    set_state(id, "failed", error.what());
  }
  if (const JobState job = *get(id); job.status != "done") {
    std::error_code ec;
    for (const char* name : {"results.json", "headlines.csv", "differences.csv", "sites.csv"})
      fs::remove(dir / name, ec);
  }
}

}  // namespace spipsim::serve
