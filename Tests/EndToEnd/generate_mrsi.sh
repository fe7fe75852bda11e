# The MRSI part of a suite through the command line: a whole run and three shards merged give the
# same files byte for byte, a re-run skips finished acquisitions, h5py reads an item, a missing
# acquisition makes the merge refuse with nothing written, and a bad MRSI block gets one line.
set -euo pipefail
python3 - "$ASDS_REPO/suites/table1.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s.update(name="table1-small", count=30, split={"train": 15, "test": 15})
s["mrsi"].update(count=4, split={"train": 2, "test": 2}, matrix=8, points=64)
json.dump(s, open("small.json", "w"))
s["mrsi"]["regionScenarios"] = {"basal ganglia": "tumour"}
json.dump(s, open("bad.json", "w"))
PY
"$ASDS" generate --suite ./small.json --out whole --quiet | grep -q "4 written, 0 already complete"
"$ASDS" generate --suite ./small.json --out whole --quiet | grep -q "0 written, 4 already complete"
for k in 0 1 2; do "$ASDS" generate --suite ./small.json --out "part$k" --shard "$k" --of 3 --quiet >/dev/null; done
"$ASDS" merge part0 part1 part2 --out merged --quiet | grep -q "collected 4 MRSI acquisitions"
for f in dataset.h5 truth.csv mrsi/truth.csv mrsi/item-000000.h5 mrsi/item-000001.h5 mrsi/item-000002.h5 mrsi/item-000003.h5 \
         mrsi/item-000000-truth.nii.gz mrsi/item-000003-truth.nii.gz; do
    cmp "whole/$f" "merged/$f"
done
python3 - <<'PY'
import csv, h5py, json
with h5py.File("whole/mrsi/item-000002.h5", "r") as f:
    truth = json.loads(f["suite/item_truth"][()])
    noisy = f["data/noisy"]
    assert noisy.shape[2] == 64, noisy.shape
    assert f["truth/spectra"].shape == (8, 8, 64), f["truth/spectra"].shape
    assert f["suite"].attrs["trajectory"] in ("radial-golden", "spiral-8"), f["suite"].attrs["trajectory"]
rows = [r for r in csv.DictReader(open("whole/mrsi/truth.csv")) if r["index"] == "2"]
assert len(rows) == 5, len(rows)
assert float(rows[0]["target_snr"]) == truth["targetSNR"]
lesion = next(r for r in rows if r["region"] == "lesion")
assert lesion["scenario"] == "tumour"
from nifti_mrs.nifti_mrs import NIFTI_MRS
n = NIFTI_MRS("whole/mrsi/item-000002-truth.nii.gz")
assert n.shape[:4] == (8, 8, 1, 64), n.shape
assert abs(n.bandwidth - 1000) < 1e-6, n.bandwidth
PY
rm part2/mrsi/item-000002.h5
if "$ASDS" merge part0 part1 part2 --out broken 2>err.txt; then echo "merge accepted a missing acquisition"; exit 1; fi
grep -q "item-000002.h5" err.txt
[ "$(wc -l <err.txt)" -eq 1 ]
[ ! -e broken/dataset.h5 ] && [ ! -e broken/mrsi/truth.csv ]
if "$ASDS" generate --suite ./bad.json --out bad 2>err.txt; then echo "a bad MRSI block was accepted"; exit 1; fi
grep -q "mrsi.regionScenarios.basal ganglia" err.txt
[ "$(wc -l <err.txt)" -eq 1 ]
[ ! -e bad ]
