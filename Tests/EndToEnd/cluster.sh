# The cluster path against a live single-node Slurm: `asds cluster submit` for generation and for
# the whole main job (4 shards of quick), byte-identical to single-machine runs; one shard killed on
# purpose, reported by `status`, completed by `resume`. Needs root (to start munged, slurmctld and
# slurmd); outside CI, when not root, it says why it is skipped. CI runs it as root.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
    echo "skipped: the live-Slurm test must start munged, slurmctld and slurmd, which needs root"
    exit 0
fi
cluster=$(pwd)/slurm-cluster
eval "$("$ASDS_REPO/scripts/slurm-local.sh" start "$cluster")"
trap '"$ASDS_REPO/scripts/slurm-local.sh" stop "$cluster"' EXIT

wait_complete() {  # poll `asds cluster status DIR` until every task is done (10 minutes at most)
    for _ in $(seq 600); do
        if "$ASDS" cluster status "$1" | tail -1 | grep -qx complete; then return 0; fi
        sleep 1
    done
    echo "cluster job in $1 did not complete:"; "$ASDS" cluster status "$1"; tail -n 20 "$1"/slurm/logs/*.out; exit 1
}

# Generation: 4 array tasks and a merge, byte-identical to one asds generate.
"$ASDS" generate --suite quick --out single-gen --quiet >/dev/null
"$ASDS" cluster submit --suite quick --out cl-gen --shards 4 --job generate --cpus-per-task 1 | grep -q "^generate: job"
for s in cl-gen/slurm/*.sbatch; do bash -n "$s"; done
wait_complete cl-gen
for f in dataset.h5 truth.csv train.nii.gz test.nii.gz; do cmp "single-gen/$f" "cl-gen/$f"; done

# The main job: kill one generation task on purpose, check status reports it, resume completes it.
"$ASDS" cluster submit --suite quick --out cl-run --shards 4 --job run --cpus-per-task 1 > submitted.txt
generate_job=$(sed -n 's/^generate: job \([0-9]*\).*/\1/p' submitted.txt)
scancel "${generate_job}_3"
for _ in $(seq 120); do
    "$ASDS" cluster status cl-run > status.txt
    grep -q "^generate 3 .*failed" status.txt && break
    sleep 1
done
grep -q "^generate 3 .*failed" status.txt || { echo "status did not report the killed shard:"; cat status.txt; exit 1; }
"$ASDS" cluster resume cl-run | tee resumed.txt | grep -q "^generate: job [0-9]* (tasks 3)"
wait_complete cl-run
"$ASDS" run --suite quick --out single-run --quiet >/dev/null
cmp single-run/scores.csv cl-run/scores.csv
cmp single-run/per_spectrum.csv cl-run/per_spectrum.csv

# A failed shard makes the merge refuse, naming it, and leaves nothing half-merged.
mkdir -p broken/shards && cp cl-gen/shards/shard-000[013]-of-0004.h5 broken/shards/
if "$ASDS" merge broken 2>err.txt; then echo "merge accepted a missing shard"; exit 1; fi
grep -q "shard-0002-of-0004.h5" err.txt
[ ! -e broken/dataset.h5 ]
