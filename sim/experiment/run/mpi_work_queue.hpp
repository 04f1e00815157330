#pragma once
// Tasks over MPI ranks: rank 0 keeps the queue, the journal and the results; every other
// rank asks rank 0 for a task, computes it, and sends the values back with its next
// request (a dynamic queue: fast ranks take more tasks). Rank 0 also computes tasks on its
// own threads. MPI is started only when the process was launched by mpirun/srun (the
// launcher's environment says so), so a plain `spipsim sweep` never touches MPI; and a
// build without MPI (SPIPSIM_MPI off, or OpenMPI missing) runs everything on threads.
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/experiment/run/task_pool.hpp"

namespace spipsim::experiment {

// Starts MPI when launched by an MPI launcher (and built with MPI); finalises it at exit.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

struct MpiWorld {
  int rank = 0;
  int size = 1;
};

// This process's rank and the world size: {0, 1} without MPI.
MpiWorld mpi_world();

// Rank 0 tells the others whether to go on (after it has checked the input) or stop. On
// rank 0 returns `go`; elsewhere returns what rank 0 sent. No-op without MPI.
bool mpi_broadcast_go(bool go);

// A task whose result travels as bytes (a whole replicate for `run` and `compare`).
using Bytes = std::vector<unsigned char>;
using ByteTaskFunction = std::function<Bytes(std::uint64_t task, const model::RunControl&)>;
using ByteSink = std::function<void(std::uint64_t task, const Bytes& result)>;

// Rank 0: runs `pending` over every rank (and its own `options.threads` threads), calling
// `sink` for each result on the calling thread or a local worker, one at a time. Throws
// Interrupted when cancelled, std::runtime_error with the worker's message when a task
// fails elsewhere. Then tells every rank to stop.
void run_task_pool_mpi(const std::vector<std::uint64_t>& pending, const TaskFunction& task,
                       const TaskSink& sink, const TaskPoolOptions& options);

void run_task_pool_mpi(const std::vector<std::uint64_t>& pending, const ByteTaskFunction& task,
                       const ByteSink& sink, const TaskPoolOptions& options);

// Ranks other than 0: serve tasks until rank 0 says stop.
void serve_tasks_mpi(const TaskFunction& task, int threads);
void serve_tasks_mpi(const ByteTaskFunction& task, int threads);

// Ends every rank now with `code` (after a failure on rank 0). Returns without MPI.
void mpi_abort(int code);

}  // namespace spipsim::experiment
