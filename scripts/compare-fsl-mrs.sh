#!/usr/bin/env bash
# FSL-MRS and ASDS fit the same spectra with the same basis; prints both tools' errors against
# the suite's truth (scored by `asds score`, the same code for both) and their speed. A benchmark
# for docs/RESULTS.md, not part of CI.
#
#   scripts/compare-fsl-mrs.sh FSL_ENV [SUITE] [WORKDIR]
#
# FSL_ENV is a Python virtual environment with fsl_mrs installed. FSL-MRS is not on PyPI: bring
# its public repository (github:wtclarke/fsl_mrs), then, outside this project,
#   python3 -m venv ENV && ENV/bin/pip install numpy scipy matplotlib plotly 'pandas<3' jinja2 \
#       beautifulsoup4 nibabel hlsvdpropy fslpy pillow spec2nii dill nifti-mrs h5py
#   ENV/bin/pip install --no-deps PATH/TO/fsl_mrs
# SUITE (default challenge-like) is generated; every test spectrum is fitted by fsl_mrs (default
# options: Voigt line shape, baseline order 2, 0.2-4.2 ppm) and by asds quantify (the main job's
# settings) with the basis the generator used (asds simulate, the suite's sequences and field).
set -euo pipefail
env=${1:?usage: scripts/compare-fsl-mrs.sh FSL_ENV [SUITE] [WORKDIR]}
suite=${2:-challenge-like}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${3:-$(mktemp -d)}
asds="$repo/.build/release/asds"
python="$env/bin/python"
[ -x "$env/bin/fsl_mrs" ] || { echo "compare-fsl-mrs: no fsl_mrs in $env/bin (see the header of this script)" >&2; exit 2; }
[ -x "$asds" ] || { echo "compare-fsl-mrs: build first (make build)" >&2; exit 2; }
mkdir -p "$work"
echo "work directory: $work"

"$asds" generate --suite "$suite" --out "$work/data" --quiet
suite_json="$work/data/suite.json"
"$python" - "$work/data/dataset.h5" "$suite_json" <<'PY'
import h5py, sys
with h5py.File(sys.argv[1]) as f:
    text = f["suite.json"][()]
open(sys.argv[2], "wb").write(text if isinstance(text, bytes) else text.encode())
PY

# One basis per sequence of the suite, as the generator simulated it: ASDS HDF5 for asds, the
# same basis as an FSL-MRS folder for fsl_mrs.
"$python" - "$suite_json" > "$work/sequences.txt" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
acq = s["acquisition"]
for k, q in enumerate(s["sequences"]):
    args = ["--sequence", q["sequence"], "--b0", str(acq["b0Tesla"]), "--points", str(acq["points"]),
            "--bandwidth", str(acq["bandwidthHz"]), "--metabolites", ",".join(s["metabolites"])]
    for key, option in [("teSeconds", "--te"), ("te1Seconds", "--te1"), ("te2Seconds", "--te2"), ("tmSeconds", "--tm"),
                        ("pulses", "--pulses"), ("spatialPoints", "--spatial-points")]:
        if key in q: args += [option, str(q[key])]
    if "referencePPM" in acq: args += ["--reference-ppm", str(acq["referencePPM"])]
    print(k, " ".join(args))
PY
while read -r k args; do
    # shellcheck disable=SC2086
    "$asds" simulate $args --out "$work/basis-$k.h5" --quiet >/dev/null
    "$asds" convert --in "$work/basis-$k.h5" --format fsl --out "$work/basis-$k-fsl" --quiet >/dev/null
done < "$work/sequences.txt"

# The test spectra, one NIfTI-MRS file each (named by dataset index), with their sequence.
"$python" - "$work/data/dataset.h5" "$work/data/test.nii.gz" "$work/spectra" > "$work/test-items.txt" <<'PY'
import h5py, os, sys
import numpy as np
from nifti_mrs.nifti_mrs import NIFTI_MRS
import nifti_mrs.tools as tools
with h5py.File(sys.argv[1]) as f:
    index, split, sequence = f["truth/index"][()], f["truth/split"][()], f["truth/sequence"][()]
test = [(int(i), int(q)) for i, s, q in zip(index, split, sequence) if s == 0]   # split: 1 train, 0 test
img = NIFTI_MRS(sys.argv[2])
assert img.shape[4] == len(test), "test.nii.gz and the test split differ"
os.makedirs(sys.argv[3], exist_ok=True)
full = np.asarray(img[:])
for k, (i, q) in enumerate(test):
    # split(..., [k]) returns (the others, spectrum k).
    one = tools.split(img, "DIM_USER_0", [k])[1] if img.shape[4] > 1 else img
    single = tools.remove_dim(one, "DIM_USER_0")
    assert np.array_equal(np.asarray(single[:]).reshape(-1), full[0, 0, 0, :, k]), f"spectrum {k} was not extracted"
    single.save(os.path.join(sys.argv[3], f"item-{i:06d}.nii.gz"))
    print(i, q)
PY
count=$(wc -l < "$work/test-items.txt")

# Ratios to total creatine when the suite has both creatines (FSL-MRS's own reference), else to Cr
# (which FSL-MRS is then told to use as its internal reference too).
reference=$("$python" -c 'import json,sys; m=json.load(open(sys.argv[1]))["metabolites"]; print("Cr+PCr" if "PCr" in m else "Cr")' "$suite_json")
internal_ref=$(echo "$reference" | tr '+' ' ')

start=$(date +%s.%N)
# One BLAS thread per fsl_mrs process: the processes already use every core.
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 xargs -P "$(nproc)" -L 1 sh -c '"$0/bin/fsl_mrs" --data "$1/spectra/item-$(printf %06d "$2").nii.gz" --basis "$1/basis-$3-fsl" \
    --output "$1/fsl/item-$(printf %06d "$2")" --internal_ref $4 $5 --overwrite >/dev/null 2>&1 || echo "fsl_mrs failed on item $2" >&2' \
    "$env" "$work" < <(sed "s/\$/ $internal_ref/" "$work/test-items.txt")
fsl_seconds=$(echo "$(date +%s.%N) - $start" | bc)

# asds quantify on every item (dataset indices as row labels), per sequence basis.
start=$(date +%s.%N)
while read -r k _; do
    "$asds" quantify --in "$work/data/dataset.h5" --basis "$work/basis-$k.h5" --out "$work/asds-conc-$k.csv" --quiet >/dev/null
done < "$work/sequences.txt"
asds_seconds=$(echo "$(date +%s.%N) - $start" | bc)
# Each item's row from its own sequence's fit.
"$python" - "$work" <<'PY'
import csv, glob, os, sys
work = sys.argv[1]
seq = {}
import h5py
with h5py.File(os.path.join(work, "data/dataset.h5")) as f:
    for i, q in zip(f["truth/index"][()], f["truth/sequence"][()]): seq[int(i)] = int(q)
for kind in ["", "_crlb"]:
    rows, header = {}, None
    for path in sorted(glob.glob(os.path.join(work, f"asds-conc-[0-9]*{kind}.csv"))):
        if kind == "" and path.endswith("_crlb.csv"): continue
        k = int(os.path.basename(path).split("-")[2].split("_")[0].split(".")[0])
        with open(path) as f:
            r = list(csv.reader(f))
        header = r[0]
        for row in r[1:]:
            if seq[int(row[0])] == k: rows[int(row[0])] = row
    with open(os.path.join(work, f"asds-conc{kind}.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n"); w.writerow(header); [w.writerow(rows[i]) for i in sorted(rows)]
PY

echo
echo "== FSL-MRS: $count test spectra in $fsl_seconds s ($(nproc) processes)"
"$asds" score --truth "$work/data/dataset.h5" --fitter fsl-mrs --results "$work/fsl" --split test --reference "$reference" --out "$work/fsl-scores.csv"
echo
echo "== ASDS: every spectrum of the suite (train and test) in $asds_seconds s, scored on the test split"
"$asds" score --truth "$work/data/dataset.h5" --fitter asds --results "$work/asds-conc.csv" --split test --reference "$reference" --out "$work/asds-scores.csv"
