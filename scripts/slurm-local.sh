#!/usr/bin/env bash
# Starts or stops a single-node Slurm cluster on this machine for the cluster tests:
#   scripts/slurm-local.sh start DIR   -> writes DIR/slurm.conf, starts munged, slurmctld, slurmd;
#                                         prints `export SLURM_CONF=DIR/slurm.conf`
#   scripts/slurm-local.sh stop DIR    -> stops the daemons it started (by their recorded pids)
# Needs root and Debian's slurm-wlm and munge packages (installed when missing).
set -euo pipefail
action=${1:?usage: slurm-local.sh start|stop DIR}
dir=${2:?usage: slurm-local.sh start|stop DIR}

stop() {
    for name in slurmd slurmctld munged; do
        if [ -f "$dir/$name.pid" ]; then
            pid=$(cat "$dir/$name.pid")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
            rm -f "$dir/$name.pid"
        fi
    done
}

if [ "$action" = stop ]; then stop; exit 0; fi
[ "$action" = start ] || { echo "usage: slurm-local.sh start|stop DIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "slurm-local.sh: needs root to run munged, slurmctld and slurmd" >&2; exit 3; }
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
mkdir -p "$dir/state" "$dir/spool" /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
host=$(hostname)
# Ports of our own, so a Slurm already running on this machine (or a second test) cannot answer
# for ours.
ctld_port=$(( 20000 + RANDOM % 20000 ))
slurmd_port=$(( ctld_port + 1 ))
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
cat > "$dir/slurm.conf" <<CONF
ClusterName=asds-local
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid.slurm
SlurmdPidFile=$dir/slurmd.pid.slurm
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
SchedulerParameters=defer_batch
MinJobAge=300
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid --force
for _ in $(seq 50); do [ -f /run/munge/munged.pid ] && break; sleep 0.1; done
cp /run/munge/munged.pid "$dir/munged.pid"
/usr/sbin/slurmctld -D -f "$SLURM_CONF" >>"$dir/slurmctld.out" 2>&1 &
echo $! > "$dir/slurmctld.pid"
/usr/sbin/slurmd -D -f "$SLURM_CONF" >>"$dir/slurmd.out" 2>&1 &
echo $! > "$dir/slurmd.pid"
for _ in $(seq 100); do
    if ! kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null || ! kill -0 "$(cat "$dir/slurmd.pid")" 2>/dev/null; then
        echo "slurm-local.sh: slurmctld or slurmd exited; see $dir/slurmctld.out and $dir/slurmd.out" >&2
        stop
        exit 1
    fi
    if sinfo -h -o %T 2>/dev/null | grep -q idle; then
        echo "export SLURM_CONF=$SLURM_CONF"
        exit 0
    fi
    sleep 0.2
done
echo "slurm-local.sh: the node did not become idle; see $dir/slurmctld.log and $dir/slurmd.log" >&2
stop
exit 1
