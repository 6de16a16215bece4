#!/usr/bin/env bash
# npm run test:cluster — the sweeps of docs/sweeps.md on real schedulers: GNU parallel, and a Slurm job array on a
# single-node Slurm (slurmctld + slurmd + munge on this machine). Needs root and apt, so it is not part of npm test.
# It installs the Debian packages if missing, starts private daemons (config, state, sockets and logs in one temporary
# folder; the daemons it started are stopped at the end), then scripts/testCluster.ts runs the `doc-test: cluster`
# blocks of docs/sweeps.md as written in a fresh copy of the repository and checks the merged shards against the
# unsharded sweep byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then echo "test:cluster: needs root (it installs packages and starts Slurm and munge)" >&2; exit 2; fi

export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s parallel slurm-wlm munge >/dev/null 2>&1; then
  echo "test:cluster: installing parallel, slurm-wlm and munge with apt-get"
  apt-get update -qq
  apt-get install -y -qq parallel slurm-wlm munge >/dev/null
fi

DIR=$(mktemp -d /tmp/ldyn-cluster-XXXXXX)
chmod 755 "$DIR"
mkdir -p "$DIR/munge" "$DIR/ctld" "$DIR/d"
chown munge:munge "$DIR/munge"
stop() {
  for pidfile in "$DIR/slurmd.pid" "$DIR/slurmctld.pid" "$DIR/munge/munged.pid"; do
    if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  sleep 1
  rm -rf "$DIR"
}
trap stop EXIT

# munge: its own socket, so nothing else on the machine is touched.
runuser -u munge -- /usr/sbin/munged --socket="$DIR/munge/munge.sock" --pid-file="$DIR/munge/munged.pid" \
  --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed" --key-file=/etc/munge/munge.key

HOST=$(hostname -s)
cat > "$DIR/slurm.conf" <<EOF
ClusterName=ldyn
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.sock
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/d
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ldyn Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$DIR/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then break; fi
  sleep 1
done
if ! sinfo -h -o '%T' | grep -qx idle; then
  echo "test:cluster: the Slurm node did not become idle:" >&2
  sinfo >&2 || true
  tail -20 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2 || true
  exit 1
fi
echo "test:cluster: $(sinfo --version), $(munged --version 2>&1 | head -1), $(parallel --version | head -1), node $(node --version)"
sinfo

node --import tsx scripts/testCluster.ts
