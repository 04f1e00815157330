#pragma once
// The workbench's job queue: comparisons asked from the page run one at a time on a worker
// thread, within a thread budget, with progress and cancellation. Every job lives in
// <workspace>/jobs/<id>/: job.json (what was asked and its state, rewritten atomically at
// each change of state) and, once done, its results. A restarted server lists the jobs
// again; one that was queued or running when the server stopped is marked "interrupted".
// The comparison file is written by experiment::write_comparison, which leaves nothing at
// its path when cancelled or killed; a stale ".tmp" of a killed job is removed at start.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "sim/params/diagnostic.hpp"
#include "sim/serve/scenario_library.hpp"

namespace spipsim::serve {

struct JobRequest {
  std::string base;
  std::vector<std::string> variants;
  std::string replicates;  // as typed; checked like --replicates
  std::string years;       // as typed; checked like --years
  int threads = 1;
};

struct JobState {
  std::string id;
  JobRequest request;
  std::string status;  // queued, running, done, failed, cancelled, interrupted
  double progress = 0;  // 0..1
  std::string message;  // why it failed
  std::string created;  // ISO 8601 UTC
};

class JobQueue {
 public:
  // `thread_budget`: the most threads a job may use (the machine's by default).
  // `source_dir`: the source tree, for the HTML report (analysis/); empty: no report.
  JobQueue(const Workspace& workspace, const ScenarioLibrary& library, int thread_budget,
           std::filesystem::path source_dir);
  ~JobQueue();  // cancels the running job and waits for the worker
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Checks the request (scenarios exist and load; replicates, years as on the command
  // line; threads within the budget) and queues it, or returns every problem.
  std::variant<JobState, std::vector<params::Diagnostic>> submit(const JobRequest& request);

  std::vector<JobState> list() const;  // newest first
  std::optional<JobState> get(const std::string& id) const;
  // True when the job was queued or running (it will end as "cancelled").
  bool cancel(const std::string& id);

  int thread_budget() const { return thread_budget_; }

  // Blocks until the jobs change after `seen` (a value from a previous call, 0 at first)
  // or `timeout` passes; returns the current version. For server-sent events.
  std::uint64_t wait_for_change(std::uint64_t seen, std::chrono::milliseconds timeout) const;

 private:
  void load_existing();
  void worker_loop();
  void run_job(const std::string& id);
  void set_state(const std::string& id, const std::string& status, const std::string& message);
  void persist(const JobState& job) const;  // caller holds mutex_
  void bump();                              // caller holds mutex_

  const Workspace& workspace_;
  const ScenarioLibrary& library_;
  int thread_budget_;
  std::filesystem::path source_dir_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;  // any change of any job
  std::condition_variable work_;             // a job was queued, or stop
  std::map<std::string, JobState> jobs_;
  std::deque<std::string> pending_;
  std::string running_;
  std::atomic<bool> cancel_running_{false};
  bool stop_ = false;
  std::uint64_t version_ = 1;
  unsigned long next_serial_ = 1;
  std::thread worker_;
};

}  // namespace spipsim::serve
