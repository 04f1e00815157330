# A single-node Slurm for the cluster test, sourced by tests/cluster/run.sh.
# Everything lives under one temporary folder ($NODE_DIR): a munge key and socket, a
# minimal slurm.conf, the controller's state, slurmd's spool and the three daemons' logs.
# The daemons run in the foreground of background jobs of this shell, so their process ids
# are known and stop_node kills exactly those (and nothing else on a shared machine).
# Needs root (slurmd starts job steps as another user); listens on 127.0.0.1 only, on two
# free ports picked at start, so two runs on one machine do not collide.

NODE_NAME=spipsim-node
# Seconds between SIGTERM and SIGKILL at scancel or a time limit (Slurm's default is 30).
KILL_WAIT=20
NODE_PIDS=()

# Two free TCP ports on the loopback interface, one per line.
free_ports() {
  /usr/bin/python3 - <<'EOF'
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

write_slurm_conf() {
  local ctld_port=$1 slurmd_port=$2
  # slurmd -C prints this machine's CPUs, sockets, cores and memory as a NodeName line.
  local hardware
  hardware=$(slurmd -C | head -n 1 | sed -e 's/^NodeName=[^ ]* //')
  cat > "$NODE_DIR/slurm.conf" <<EOF
# Written by tests/cluster/slurm_node.sh: one node, this machine's CPUs, loopback only.
ClusterName=spipsim-test
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$NODE_DIR/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$NODE_DIR/state
SlurmdSpoolDir=$NODE_DIR/spool
SlurmctldPidFile=$NODE_DIR/slurmctld.pid
SlurmdPidFile=$NODE_DIR/slurmd.pid
SlurmctldLogFile=$NODE_DIR/log/slurmctld.log
SlurmdLogFile=$NODE_DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
ReturnToService=2
KillWait=$KILL_WAIT
MinJobAge=600
# The scheduler runs at each submission and job end; its periodic pass (every 60 s by
# default) and the backfill pass (30 s) start what those miss: a job whose dependency is now
# satisfied or was re-pointed, an array task re-submitted. Every second costs nothing on one
# node with a handful of jobs, and the test no longer waits up to a minute for each pass.
SchedulerParameters=sched_interval=1,bf_interval=1
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
NodeName=$NODE_NAME NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=test Nodes=$NODE_NAME Default=YES MaxTime=INFINITE State=UP
EOF
}

# Waits up to $2 seconds for the command $1 to succeed.
wait_for() {
  local what=$1 seconds=$2 tick
  for ((tick = 0; tick < seconds * 5; ++tick)); do
    if eval "$what" > /dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "test-cluster: timed out after ${seconds}s waiting for: $what" >&2
  return 1
}

start_node() {
  NODE_DIR=$(mktemp -d /tmp/spipsim-slurm.XXXXXX)
  chmod 755 "$NODE_DIR"  # the job user reaches the munge socket and slurm.conf through it
  mkdir -p "$NODE_DIR"/{munge,state,spool,log}
  chmod 755 "$NODE_DIR/munge"
  export SLURM_CONF=$NODE_DIR/slurm.conf
  local ports
  mapfile -t ports < <(free_ports)
  write_slurm_conf "${ports[0]}" "${ports[1]}"

  # A fresh 1024-byte key, readable by its owner only (munged refuses anything looser).
  dd if=/dev/urandom of="$NODE_DIR/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$NODE_DIR/munge/munge.key"
  munged --foreground --force --key-file="$NODE_DIR/munge/munge.key" \
    --socket="$NODE_DIR/munge/munge.socket" --pid-file="$NODE_DIR/munge/munged.pid" \
    --seed-file="$NODE_DIR/munge/munged.seed" --log-file="$NODE_DIR/log/munged.log" \
    < /dev/null > /dev/null 2>&1 &
  NODE_PIDS+=($!)
  wait_for "test -S '$NODE_DIR/munge/munge.socket'" 20

  slurmctld -D -f "$SLURM_CONF" < /dev/null > "$NODE_DIR/log/slurmctld.out" 2>&1 &
  NODE_PIDS+=($!)
  slurmd -D -f "$SLURM_CONF" -N "$NODE_NAME" < /dev/null > "$NODE_DIR/log/slurmd.out" 2>&1 &
  NODE_PIDS+=($!)
  if ! wait_for "sinfo -h -n $NODE_NAME -o %t | grep -qx idle" 60; then
    sinfo -N -l >&2 || true
    tail -n 20 "$NODE_DIR"/log/*.log >&2 || true
    return 1
  fi
  echo "test-cluster: slurm node up in $NODE_DIR ($(sinfo -h -o '%c CPUs, %m MB' | head -n 1))"
}

# Cancels what is left of the test's jobs, then stops the daemons this shell started.
stop_node() {
  if [[ -n "${NODE_DIR:-}" && ${#NODE_PIDS[@]} -gt 2 ]]; then
    scancel --full --quiet --partition=test > /dev/null 2>&1 || true
    wait_for "test -z \"\$(squeue -h -o %i)\"" 30 > /dev/null 2>&1 || true
  fi
  local pid index
  for ((index = ${#NODE_PIDS[@]} - 1; index >= 0; --index)); do
    pid=${NODE_PIDS[index]}
    kill "$pid" 2> /dev/null || true
    # A daemon that has not left after 15 s is killed outright.
    wait_for "! kill -0 $pid" 15 > /dev/null 2>&1 || kill -KILL "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
  NODE_PIDS=()
}
