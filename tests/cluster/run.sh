#!/usr/bin/env bash
# make test-cluster: docs/cluster.md's sbatch scripts, run as written on a real one-node
# Slurm (Debian's slurm-wlm and munge, started here and stopped at the end whatever
# happens), submitted by an ordinary user. Only sizes and names are substituted
# (tests/cluster/doc_script.py fails if the documentation no longer holds what it replaces).
# Every final file must pass `spipsim check`, hold the same tables outside /manifest as a
# plain single-process run (tests/cluster/same_tables.py) and, for sweeps, record the
# expected number of ranks.
#
# Usage: tests/cluster/run.sh [BUILD_DIR]   (as root: slurmd starts jobs as another user)
set -euo pipefail
exec < /dev/null  # as in CI; srun would otherwise hand this terminal to its tasks

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build}
BINARY=$REPO/$BUILD/spipsim
HERE=$REPO/tests/cluster
DOC=$REPO/docs/cluster.md
JOB_USER=spipsim-ci

if [[ $(id -u) -ne 0 ]]; then
  echo "test-cluster: needs root (it starts munged, slurmctld and slurmd)" >&2
  exit 2
fi
if [[ ! -x $BINARY ]]; then
  echo "test-cluster: $BINARY not found: run make build first" >&2
  exit 2
fi

source "$HERE/slurm_node.sh"
# At scancel every rank must leave on SIGTERM, well before Slurm's SIGKILL.
PROMPT_EXIT_SECONDS=$((KILL_WAIT / 2))

passed=0
failed=0
started=$SECONDS
# step NAME: prints the wall seconds of the step before (as .ci/run's stages do), starts NAME.
step_name=
step_started=$SECONDS
end_step() {
  if [[ -n $step_name ]]; then echo "test-cluster: $((SECONDS - step_started)) s: $step_name"; fi
  step_name=
}
mark() { echo "  ($((SECONDS - step_started)) s into the step: $*)"; }
step() {
  end_step
  step_name=$1
  step_started=$SECONDS
  echo "test-cluster: $1"
}
finish() {
  local status=$?
  set +e  # clean up everything, whatever fails
  end_step
  if ((status != 0 || failed > 0)) && [[ -n ${NODE_DIR:-} ]]; then
    echo "--- job logs and daemon logs (last lines) ---" >&2
    tail -n 15 "$NODE_DIR"/submit/logs/* "$NODE_DIR"/log/*.log >&2 2> /dev/null || true
  fi
  [[ -n ${long_reference:-} ]] && kill "$long_reference" 2> /dev/null
  step_started=$SECONDS
  stop_node
  [[ -n ${NODE_DIR:-} ]] && rm -rf "$NODE_DIR"
  echo "test-cluster: $((SECONDS - step_started)) s: stopping the node"
  echo "test-cluster: $((SECONDS - started)) s"
}
trap finish EXIT
trap 'exit 130' INT TERM

ok() {
  echo "  ok: $*"
  passed=$((passed + 1))
}
fail() {
  echo "  FAILED: $*" >&2
  failed=$((failed + 1))
}
# check_that DESCRIPTION COMMAND...: one named check.
check_that() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

# Runs a command as the job user in the submit folder, with a clean environment.
as_user() {
  (cd "$SUBMIT" && runuser -u "$JOB_USER" -- env -i PATH=/usr/bin:/bin HOME="$SUBMIT" \
    LANG=C.UTF-8 SLURM_CONF="$SLURM_CONF" "$@")
}

# doc_script NAME OLD=>NEW...: the documented script NAME, as the job user's file NAME.
doc_script() {
  local name=$1
  shift
  /usr/bin/python3 "$HERE/doc_script.py" "$DOC" "$name" "$SUBMIT/$name" "$@"
  chown "$JOB_USER:" "$SUBMIT/$name"
}

job_field() {  # job_field JOB FIELD: JobState, Reason... of a job (kept 600 s after its end)
  scontrol show job -o "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}
job_ended() {
  case $(job_field "$1" JobState) in
    PENDING | RUNNING | CONFIGURING | COMPLETING | SUSPENDED) return 1 ;;
    *) return 0 ;;
  esac
}
# Waits up to $2 s for job $1 to end and prints its final state.
wait_job() {
  wait_for "job_ended $1" "$2" || true
  job_field "$1" JobState
}
# submit_and_wait SCRIPT: submits SCRIPT as the job user, prints the job id and waits for the
# job's end; true when it COMPLETED (every step exited 0), as `sbatch --wait` is. Polls
# every 0.2 s: sbatch --wait polls after 2, 10, 42, then every 32 s, so a job of 12 s held the
# test for 42 s. The scripts' time limits are 5 minutes at most: 400 s covers them.
submit_and_wait() {
  local job
  job=$(as_user sbatch --parsable "$1") || return 1
  echo "$job"
  test "$(wait_job "$job" 400)" = COMPLETED
}
# Journal records of a sweep in progress (header 32 bytes, then one record per task).
journal_records() {
  local size
  size=$(stat -c %s "$1" 2> /dev/null || echo 0)
  echo $(((size > 32 ? size - 32 : 0) / RECORD_BYTES))
}
no_user_process_left() { ! pgrep -u "$JOB_USER" -x spipsim > /dev/null; }
same_tables() { as_user /usr/bin/python3 "$HERE/same_tables.py" "$@"; }
file_checks() { as_user ./build/spipsim check "$1" > /dev/null; }
absent() {  # absent PATH...: none of these exists in the submit folder
  local path
  for path in "$@"; do [[ ! -e $SUBMIT/$path ]] || return 1; done
}

step "starting a one-node Slurm"
start_node
id -u "$JOB_USER" > /dev/null 2>&1 ||
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /bin/bash "$JOB_USER"
CPUS=$(sinfo -h -o %c | head -n 1)

# The submit folder, as a cluster user has it: the binary, the scenarios and the data.
SUBMIT=$NODE_DIR/submit
mkdir -p "$SUBMIT/build"
cp "$BINARY" "$SUBMIT/build/spipsim"
cp -r "$REPO/scenarios" "$REPO/data" "$SUBMIT/"
# Small designs on one site, 30 simulated years a task: about 1.1 CPU-s a task (2026-12-03:
# 420 CPU-s for 375 tasks of the single-process reference; 0.33 when these were sized).
# ci-sweep: 36 tasks, long enough to cancel part-way. ci-long: 192 tasks, about 210 s of
# CPU: one rank cannot finish before Slurm kills it at its 1-minute limit (60 to 90 s after
# its start), even twice as fast. It had 384 tasks (~420 CPU-s, computed twice: the job and
# its single-process reference), the longest step of CI.
design() {  # design NAME YEARS STAFFING_VALUES REMOTE_VALUES REPLICATES
  cat > "$SUBMIT/scenarios/sweeps/$1.toml" <<EOF
description = "test-cluster design"
scenario = "../small-site.toml"
method = "grid"
replicates = $5

[[parameter]]
name = "staffing.officer_scale"
values = [$3]

[[parameter]]
name = "digital.remote_share"
values = [$4]

[set]
run.years = $2
run.warmup_years = 1.0
EOF
}
design ci-sweep 30.0 "0.9, 1.1, 1.3" "0.0, 0.4" 6
design ci-long 30.0 "0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5" "0.0, 0.2, 0.4, 0.6" 6
cat > "$SUBMIT/scenarios/ci-staff.toml" <<EOF
description = "test-cluster variant: a quarter more officers"
extends = "small-site.toml"
[staffing]
officer_scale = 1.25
EOF
# The allocation of the job array: small-region's 3 départements, 6 posts in steps of 2,
# 2 replicates, one simulated year: 36 tasks in 5 rounds, a few seconds of CPU.
sed -e 's/^replicates = 3$/replicates = 2/' -e 's/^run.years = 3.0$/run.years = 1.0/' \
  -e 's/^run.warmup_years = 2.0$/run.warmup_years = 1.0/' \
  "$REPO/scenarios/allocations/small-region.toml" > "$SUBMIT/scenarios/allocations/ci-allocate.toml"
mkdir -p "$SUBMIT/reference"
chown -R "$JOB_USER:" "$SUBMIT"
# As docs/cluster.md says, before the first sbatch:
as_user mkdir -p logs results

mpi_sweep() {  # mpi_sweep SCRIPT DESIGN OUT RANKS TIME: the MPI script, sized for this node
  doc_script "$1" "--nodes=4=>--nodes=1" "--ntasks-per-node=32=>--ntasks-per-node=$4" \
    "--time=12:00:00=>--time=$5" \
    "scenarios/sweeps/main-levers-sobol.toml=>scenarios/sweeps/$2.toml" \
    "results/main-levers-sobol.h5=>results/$3.h5"
}

step "the time limit (1 minute, one rank), submitted first"
# A time limit is wall time: the job takes 60 to 90 s (slurmctld checks the limits every 30
# s) whatever runs beside it, so it starts first, and the next two steps and its own
# single-process reference run meanwhile instead of after. The reference takes every core
# (the same tables on any number of threads): on one thread it went on alone for minutes
# after the re-submitted job had ended, one core idle.
mpi_sweep sweep-srun.sh ci-long sweep-timeout 1 1
timeout_job=$(as_user sbatch --parsable sweep-srun.sh)
as_user ./build/spipsim sweep scenarios/sweeps/ci-long.toml --out reference/long.h5 \
  --quiet > /dev/null &
long_reference=$!

step "what docs/cluster.md says before submitting"
# A job whose --output folder does not exist fails at once, with no log at all.
nolog=$(as_user sbatch --parsable --output=no-such-folder/%j.out --wrap true)
state=$(wait_job "$nolog" 60)
check_that "a job whose log folder is missing: $state, exit code $(job_field "$nolog" ExitCode)" \
  test "$state" = FAILED -a "$(job_field "$nolog" ExitCode)" = 0:53 -a ! -e "$SUBMIT/no-such-folder"
# More CPUs on one node than it has: accepted, then pending for ever; --test-only says so.
oversize=$(as_user sbatch --parsable --cpus-per-task=$((CPUS + 1)) --wrap true)
wait_for "test \"\$(job_field $oversize Reason)\" = PartitionConfig" 30 || true
check_that "--cpus-per-task=$((CPUS + 1)) on $CPUS-CPU nodes pends \
($(job_field "$oversize" JobState), $(job_field "$oversize" Reason))" \
  test "$(job_field "$oversize" Reason)" = PartitionConfig
as_user scancel "$oversize"
as_user sbatch --test-only --cpus-per-task=$((CPUS + 1)) --wrap true > "$SUBMIT/logs/oversize.out" 2>&1 || true
check_that "sbatch --test-only says so before submitting" \
  grep -q "Requested node configuration is not available" "$SUBMIT/logs/oversize.out"

step "references (plain single-process runs, outside Slurm)"
as_user ./build/spipsim sweep scenarios/sweeps/ci-sweep.toml --out reference/sweep.h5 --quiet > /dev/null
as_user ./build/spipsim run scenarios/small-site.toml --replicates 3 --out reference/run.h5 \
  --quiet > "$SUBMIT/reference/run-compare.txt"
as_user ./build/spipsim compare scenarios/small-site.toml scenarios/ci-staff.toml --replicates 3 \
  --out reference/compare.h5 --quiet >> "$SUBMIT/reference/run-compare.txt"
as_user ./build/spipsim allocate scenarios/allocations/ci-allocate.toml --out reference/allocate.h5 \
  --quiet > /dev/null
RECORD_BYTES=$(/usr/bin/python3 -c "import h5py; f = h5py.File('$SUBMIT/reference/sweep.h5');
print(16 + 8 * len(f['design/outputs/name']))")

step "the time limit reached, then the same script again"
state=$(wait_job "$timeout_job" 240)
mark "the one-rank job ended"
check_that "the one-rank job hit its time limit (state $state)" test "$state" = TIMEOUT
check_that "no final file after the time limit" absent results/sweep-timeout.h5
records=$(journal_records "$SUBMIT/results/sweep-timeout.h5.journal")
check_that "$records tasks journalled before the time limit" test "$records" -gt 0
# Re-submitted, now on every core and with time to finish.
mpi_sweep sweep-srun.sh ci-long sweep-timeout "$CPUS" 10
state=$(wait_job "$(as_user sbatch --parsable sweep-srun.sh)" 900)
mark "the re-submitted job ended"
check_that "the re-submitted job completed (state $state)" test "$state" = COMPLETED
wait "$long_reference"
mark "the single-process reference ended"
check_that "after the time limit: spipsim check" file_checks results/sweep-timeout.h5
check_that "after the time limit: same tables as one process" \
  same_tables reference/long.h5 results/sweep-timeout.h5 --ranks "$CPUS"
check_that "after the time limit: journal deleted" absent results/sweep-timeout.h5.journal

step "the MPI sweep under srun --mpi=pmix and under mpirun ($CPUS ranks)"
for script in sweep-srun.sh sweep-mpirun.sh; do
  out=${script%.sh}
  mpi_sweep "$script" ci-sweep "$out" "$CPUS" 5
  if submit_and_wait "$script" > /dev/null; then
    ok "$script ran"
  else
    fail "$script ran"
  fi
  check_that "$script: spipsim check" file_checks "results/$out.h5"
  check_that "$script: same tables as one process" \
    same_tables reference/sweep.h5 "results/$out.h5" --ranks "$CPUS"
done

step "scancel part-way, then the same script again"
mpi_sweep sweep-srun.sh ci-sweep sweep-cancelled "$CPUS" 5
cancel_job=$(as_user sbatch --parsable sweep-srun.sh)
journal=$SUBMIT/results/sweep-cancelled.h5.journal
wait_for "test \$(journal_records $journal) -ge 2" 120 || true
cancelled_at=$SECONDS
as_user scancel "$cancel_job"
wait_for no_user_process_left 30 || true
gone_after=$((SECONDS - cancelled_at))
state=$(wait_job "$cancel_job" 60)
check_that "cancelled part-way (state $state, $(journal_records "$journal") tasks journalled)" \
  test "$state" = CANCELLED -a "$(journal_records "$journal")" -lt 36
check_that "every rank left ${gone_after} s after scancel (SIGKILL would come at ${KILL_WAIT} s)" \
  test "$gone_after" -le "$PROMPT_EXIT_SECONDS"
check_that "no final file after scancel" absent results/sweep-cancelled.h5
state=$(submit_and_wait sweep-srun.sh > /dev/null && echo COMPLETED || echo FAILED)
check_that "re-submitted after scancel: $state" test "$state" = COMPLETED
check_that "after scancel: spipsim check" file_checks results/sweep-cancelled.h5
check_that "after scancel: same tables as one process" \
  same_tables reference/sweep.h5 results/sweep-cancelled.h5 --ranks "$CPUS"

step "several Slurm tasks without MPI are refused; --mpi=pmi2 fails"
status=0
as_user srun --mpi=none -n 2 ./build/spipsim sweep scenarios/sweeps/ci-sweep.toml \
  --out results/no-mpi.h5 --quiet > "$SUBMIT/logs/no-mpi.out" 2>&1 || status=$?
check_that "srun --mpi=none -n 2: exit status $status (2 expected)" test "$status" -eq 2
check_that "srun --mpi=none -n 2: one hint naming srun --mpi=pmix" \
  test "$(grep -c -- '--mpi=pmix' "$SUBMIT/logs/no-mpi.out")" -eq 1
check_that "srun --mpi=none -n 2: no file touched" \
  absent results/no-mpi.h5 results/no-mpi.h5.journal results/no-mpi.h5.tmp

# docs/cluster.md says why: Debian's OpenMPI has no PMI-2 client, so MPI_Init aborts.
status=0
as_user srun --mpi=pmi2 -n 2 ./build/spipsim sweep scenarios/sweeps/ci-sweep.toml \
  --out results/pmi2.h5 --quiet > "$SUBMIT/logs/pmi2.out" 2>&1 || status=$?
check_that "srun --mpi=pmi2 -n 2 fails in MPI_Init as documented (exit status $status)" \
  grep -q "before MPI_INIT completed" "$SUBMIT/logs/pmi2.out"
check_that "srun --mpi=pmi2 -n 2: no file touched" \
  absent results/pmi2.h5 results/pmi2.h5.journal results/pmi2.h5.tmp

step "the job array, one task cancelled, its merge re-pointed"
array_sizes=("--array=1-16=>--array=1-3" "--cpus-per-task=4=>--cpus-per-task=1"
  "--time=04:00:00=>--time=5" "shards=16=>shards=3"
  "scenarios/sweeps/staffing-digital-grid.toml=>scenarios/sweeps/ci-sweep.toml")
doc_script grid-array.sh "${array_sizes[@]}"
doc_script grid-merge.sh "shards=16=>shards=3" "--time=00:30:00=>--time=5"
# The submission commands of docs/cluster.md.
array=$(as_user sbatch --parsable grid-array.sh)
merge=$(as_user sbatch --parsable --dependency=afterok:"$array" grid-merge.sh)
shard_journal=$SUBMIT/results/grid.shard-2-of-3.h5.journal
wait_for "test \$(journal_records $shard_journal) -ge 1" 120 || true
as_user scancel "${array}_2"
state=$(wait_job "${array}_2" 60)
check_that "array task 2 cancelled part-way (state $state)" test "$state" = CANCELLED
for index in 1 3; do
  check_that "array task $index completed" test "$(wait_job "${array}_$index" 120)" = COMPLETED
done
wait_for "test \"\$(job_field $merge Reason)\" = DependencyNeverSatisfied" 60 || true
check_that "the merge is stranded ($(job_field "$merge" JobState), $(job_field "$merge" Reason))" \
  test "$(job_field "$merge" Reason)" = DependencyNeverSatisfied
rerun=$(as_user sbatch --parsable --array=2 grid-array.sh)
as_user scontrol update JobId="$merge" Dependency=afterok:"$rerun"
check_that "array task 2 re-submitted alone completed" test "$(wait_job "${rerun}_2" 120)" = COMPLETED
check_that "the re-pointed merge completed" test "$(wait_job "$merge" 120)" = COMPLETED
check_that "merged: spipsim check (in the merge job's log)" \
  grep -q "results/grid.h5: ok" "$SUBMIT/logs/spipsim-grid-merge-$merge.out"
check_that "merged: same tables as one process" same_tables reference/sweep.h5 results/grid.h5

step "an allocation as a job array, one task cancelled and re-submitted"
# Every shard must run at once (they wait for one another each round): one per CPU, at most 3.
alloc_shards=$((CPUS < 3 ? CPUS : 3))
doc_script allocate-array.sh "--array=1-6=>--array=1-$alloc_shards" \
  "--cpus-per-task=2=>--cpus-per-task=1" "--time=06:00:00=>--time=10" \
  "shards=6=>shards=$alloc_shards" "--wait 3600=>--wait 300" \
  "scenarios/allocations/france-100-posts-simultaneous.toml=>scenarios/allocations/ci-allocate.toml" \
  "results/france-100-posts.h5=>results/allocate.h5"
alloc=$(as_user sbatch --parsable allocate-array.sh)
alloc_journal=$SUBMIT/results/allocate.h5.shard-2-of-$alloc_shards.journal
# One allocation record: header 40 bytes, then length 8, task 8, 21 values x 8, check 8.
wait_for "test \$(stat -c %s $alloc_journal) -ge $((40 + 24 + 8 * 21))" 120 || true
as_user scancel "${alloc}_2"
state=$(wait_job "${alloc}_2" 60)
check_that "allocation shard 2 cancelled part-way (state $state)" test "$state" = CANCELLED
check_that "no results file while shard 2 is missing" absent results/allocate.h5
realloc=$(as_user sbatch --parsable --array=2 allocate-array.sh)
check_that "allocation shard 2 re-submitted alone completed" \
  test "$(wait_job "${realloc}_2" 300)" = COMPLETED
for index in $(seq 1 "$alloc_shards"); do
  [[ $index -eq 2 ]] && continue
  check_that "allocation shard $index waited for it and completed" \
    test "$(wait_job "${alloc}_$index" 300)" = COMPLETED
done
check_that "allocation shard 1 said what it waited for" \
  grep -q "shard 1 of $alloc_shards: evaluation.*waiting for" "$SUBMIT"/logs/spipsim-allocate-"$alloc"_1.out
check_that "allocation: spipsim check" file_checks results/allocate.h5
check_that "allocation: same tables as one process" same_tables reference/allocate.h5 results/allocate.h5
check_that "allocation: no journal left" \
  test -z "$(find "$SUBMIT/results" -name 'allocate.h5*.journal')"

step "run and compare under srun --mpi=pmix"
doc_script run-srun.sh "--nodes=2=>--nodes=1" "--ntasks-per-node=32=>--ntasks-per-node=$CPUS" \
  "--time=02:00:00=>--time=5" "--replicates 64=>--replicates 3" \
  "scenarios/baseline-france.toml=>scenarios/small-site.toml" \
  "scenarios/staffing-plus-25.toml=>scenarios/ci-staff.toml" \
  "results/baseline-france.h5=>results/run.h5" "results/staffing-plus-25.h5=>results/compare.h5"
run_job=$(submit_and_wait run-srun.sh) && ok "run-srun.sh ran" || fail "run-srun.sh ran"
for kind in run compare; do
  check_that "$kind under MPI: spipsim check" file_checks "results/$kind.h5"
  check_that "$kind under MPI: same tables as one process" \
    same_tables "reference/$kind.h5" "results/$kind.h5"
done
summaries() { grep -c 'Reconviction within 1 year' "$1" || true; }
check_that "run and compare under MPI: the summaries printed once (by rank 0 only)" test \
  "$(summaries "$SUBMIT/logs/spipsim-run-$run_job.out")" -eq "$(summaries "$SUBMIT/reference/run-compare.txt")"

echo "$passed passed, $failed failed"
((failed == 0))
