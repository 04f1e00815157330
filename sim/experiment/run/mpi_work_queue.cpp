#include "sim/experiment/run/mpi_work_queue.hpp"

#include <cstdlib>
#include <cstring>

#ifdef SPIPSIM_HAVE_MPI
#include <mpi.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "sim/experiment/run/interrupted.hpp"
#endif

namespace spipsim::experiment {
namespace {

// Launchers that start MPI processes set one of these: OpenMPI's mpirun, PMIx and Slurm's
// srun with PMI. Without them the process is a plain command and MPI stays off.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

bool g_started = false;

// Headline figures as bytes and back: the sweep's tasks through the byte-based queue.
Bytes bytes_of(const std::vector<double>& values) {
  Bytes bytes(values.size() * sizeof(double));
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}
std::vector<double> values_of(const Bytes& bytes) {
  std::vector<double> values(bytes.size() / sizeof(double));
  if (!values.empty()) std::memcpy(values.data(), bytes.data(), values.size() * sizeof(double));
  return values;
}

}  // namespace

void run_task_pool_mpi(const std::vector<std::uint64_t>& pending, const TaskFunction& task,
                       const TaskSink& sink, const TaskPoolOptions& options) {
  run_task_pool_mpi(pending, ByteTaskFunction([&](std::uint64_t t, const model::RunControl& c) {
                      return bytes_of(task(t, c));
                    }),
                    ByteSink([&](std::uint64_t t, const Bytes& b) { sink(t, values_of(b)); }),
                    options);
}

void serve_tasks_mpi(const TaskFunction& task, int threads) {
  serve_tasks_mpi(ByteTaskFunction([&](std::uint64_t t, const model::RunControl& c) {
                    return bytes_of(task(t, c));
                  }),
                  threads);
}

#ifdef SPIPSIM_HAVE_MPI

namespace {

constexpr int kTagRequest = 1;  // worker -> 0: ready, with the previous result if any
constexpr int kTagTask = 2;     // 0 -> worker: one task number
constexpr int kTagStop = 3;     // 0 -> worker: no more tasks
constexpr int kTagError = 4;    // worker -> 0: a task failed; the payload is the message

Bytes pack(std::uint64_t task, const Bytes& result) {
  Bytes bytes(8 + result.size());
  std::memcpy(bytes.data(), &task, 8);
  if (!result.empty()) std::memcpy(bytes.data() + 8, result.data(), result.size());
  return bytes;
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Only the main thread of each rank calls MPI; local worker threads never do.
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  g_started = true;
}

MpiSession::~MpiSession() {
  if (g_started) MPI_Finalize();
}

MpiWorld mpi_world() {
  if (!g_started) return {};
  MpiWorld world;
  MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world.size);
  return world;
}

bool mpi_broadcast_go(bool go) {
  if (!g_started) return go;
  int flag = go ? 1 : 0;
  MPI_Bcast(&flag, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return flag == 1;
}

void run_task_pool_mpi(const std::vector<std::uint64_t>& pending, const ByteTaskFunction& task,
                       const ByteSink& sink, const TaskPoolOptions& options) {
  const int size = mpi_world().size;
  std::mutex mutex;  // guards the queue, the sink, progress and the first local error
  std::deque<std::uint64_t> queue(pending.begin(), pending.end());
  std::size_t finished = 0;
  std::exception_ptr local_error;
  std::atomic<bool> stop{false};
  auto is_cancelled = [&] { return options.cancelled && options.cancelled(); };
  auto next = [&]() -> std::optional<std::uint64_t> {
    if (queue.empty() || stop) return std::nullopt;
    std::uint64_t t = queue.front();
    queue.pop_front();
    return t;
  };
  auto deliver = [&](std::uint64_t t, const Bytes& values) {
    sink(t, values);
    ++finished;
    if (options.progress) options.progress(double(finished) / double(pending.size()));
  };

  // Rank 0's own threads take tasks from the same queue.
  std::vector<std::thread> locals;
  for (int i = 0; i < std::max(options.threads, 1); ++i)
    locals.emplace_back([&] {
      try {
        for (;;) {
          std::optional<std::uint64_t> t;
          {
            std::lock_guard lock(mutex);
            t = next();
          }
          if (!t) return;
          model::RunControl control;
          control.progress = [&](double) {
            if (stop || is_cancelled()) throw Interrupted();
          };
          Bytes values = task(*t, control);
          std::lock_guard lock(mutex);
          deliver(*t, values);
        }
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!local_error) local_error = std::current_exception();
        stop = true;
      }
    });

  int active = size - 1;
  std::string remote_error;
  std::vector<unsigned char> buffer;
  // A cancellation or a failure ends the loop at once, without waiting for the other
  // ranks' running tasks: the caller then aborts them (finished tasks are journalled).
  while (active > 0 && !stop) {
    if (is_cancelled()) stop = true;
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      // Polling with a nap rather than a blocking receive: a blocked OpenMPI receive spins
      // and would steal a core from the workers on an oversubscribed node.
      std::this_thread::sleep_for(std::chrono::microseconds(500));
      continue;
    }
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    buffer.resize(static_cast<std::size_t>(count));
    MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (status.MPI_TAG == kTagError) {
      remote_error = "rank " + std::to_string(status.MPI_SOURCE) + ": " +
                     std::string(buffer.begin(), buffer.end());
      stop = true;
      break;
    }
    std::lock_guard lock(mutex);
    if (count >= 8) {
      std::uint64_t t = 0;
      std::memcpy(&t, buffer.data(), 8);
      deliver(t, Bytes(buffer.begin() + 8, buffer.end()));
    }
    if (std::optional<std::uint64_t> t = next()) {
      MPI_Send(&*t, 1, MPI_UINT64_T, status.MPI_SOURCE, kTagTask, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_BYTE, status.MPI_SOURCE, kTagStop, MPI_COMM_WORLD);
      --active;
    }
  }
  for (std::thread& t : locals) t.join();
  if (!remote_error.empty()) throw std::runtime_error(remote_error);
  if (is_cancelled()) throw Interrupted();
  if (local_error) std::rethrow_exception(local_error);
}

void serve_tasks_mpi(const ByteTaskFunction& task, int threads) {
  Bytes result;  // empty: the first request carries no result
  for (;;) {
    MPI_Send(result.data(), static_cast<int>(result.size()), MPI_BYTE, 0, kTagRequest,
             MPI_COMM_WORLD);
    MPI_Status status;
    std::uint64_t t = 0;
    MPI_Recv(&t, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    if (status.MPI_TAG == kTagStop) return;
    try {
      model::RunControl control;
      control.threads = std::max(threads, 1);
      result = pack(t, task(t, control));
    } catch (const std::exception& error) {
      const std::string message = error.what();
      MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, kTagError,
               MPI_COMM_WORLD);
      return;
    }
  }
}

void mpi_abort(int code) {
  if (g_started) MPI_Abort(MPI_COMM_WORLD, code);
}

#else  // built without MPI: one process, everything on threads

MpiSession::MpiSession(int&, char**&) {
  (void)g_started;
  (void)launched_by_mpi;
}
MpiSession::~MpiSession() = default;
MpiWorld mpi_world() {
  return {};
}
bool mpi_broadcast_go(bool go) {
  return go;
}
void run_task_pool_mpi(const std::vector<std::uint64_t>& pending, const ByteTaskFunction& task,
                       const ByteSink& sink, const TaskPoolOptions& options) {
  run_task_pool(
      pending, [&](std::uint64_t t, const model::RunControl& c) { return values_of(task(t, c)); },
      [&](std::uint64_t t, const std::vector<double>& v) { sink(t, bytes_of(v)); }, options);
}
void serve_tasks_mpi(const ByteTaskFunction&, int) {}
void mpi_abort(int) {}

#endif

}  // namespace spipsim::experiment
