# The reconstruct-and-score path on a small suite: generate, train, reconstruct by every method,
# quantify, score, and the main job with its report; bad input gets one line and no output.
set -euo pipefail
python3 - "$ASDS_REPO/suites/quick.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s.update(name="tiny", count=24, split={"train": 14, "test": 10})
json.dump(s, open("tiny.json", "w"))
PY
"$ASDS" generate --suite ./tiny.json --out data --quiet >/dev/null
"$ASDS" simulate --sequence press --metabolites NAA,Cr,Cho,Lac,Ala,Glc --b0 2.893539 --out basis.h5 --quiet >/dev/null
python3 - <<'PY'
from nifti_mrs.nifti_mrs import NIFTI_MRS
import json
suite = json.load(open("tiny.json"))
for split, count in (("train", 14), ("test", 10)):
    n = NIFTI_MRS(f"data/{split}.nii.gz")
    assert n.shape[:5] == (1, 1, 1, 2048, count), n.shape
    assert abs(n.bandwidth - 4000) < 1e-6, n.bandwidth
    assert abs(n.spectrometer_frequency[0] - suite["acquisition"]["b0Tesla"] * 42.577478518) < 1e-6, n.spectrometer_frequency
    assert n.dim_tags[0] == "DIM_USER_0", n.dim_tags
PY
for m in ft ils ista fista; do
    "$ASDS" reconstruct --method $m --in data/dataset.h5 --split test --out $m.h5 --quiet >/dev/null
done
"$ASDS" reconstruct --method fista --lambda 0.05 --in data/test.nii.gz --out nifti-fista.h5 --quiet >/dev/null
"$ASDS" train --suite ./tiny.json --data data --out model.h5 --epochs 5 --calibration-items 8 --quiet >/dev/null
"$ASDS" reconstruct --method asds-vae --model model.h5 --in data/dataset.h5 --split test --out vae.h5 --quiet >/dev/null
"$ASDS" quantify --in fista.h5 --basis basis.h5 --out conc.csv --quiet >/dev/null
head -1 conc.csv | grep -q "^index,NAA,Cr,Cho,Lac,Ala,Glc$"
[ "$(wc -l < conc.csv)" -eq 11 ] && [ "$(wc -l < conc_crlb.csv)" -eq 11 ]
"$ASDS" quantify --in data/test.nii.gz --basis basis.h5 --out conc-nifti.csv --quiet >/dev/null
"$ASDS" score --truth data/dataset.h5 --in fista.h5 --conc conc.csv --out scores.csv --quiet | grep -q "| fista |"
head -1 scores.csv | grep -q "^method,snr,snr_std,snr_err,snr_err_std,fwhm_hz,fwhm_std,accuracy,accuracy_std,mape$"

# The main job and its report.
"$ASDS" run --suite ./tiny.json --out run --epochs 5 --calibration-items 8 --quiet > table.md
for m in ft ils fista-fixed asds-vae; do grep -q "^$m," run/scores.csv; done
# The MRSI part (quick's 3 acquisitions): every method scored per trajectory, maps in the report.
for m in ft ils fista asds-vae; do grep -q "^$m,all,2," run/mrsi_scores.csv; done
head -1 run/mrsi_scores.csv | grep -q "^method,trajectory,acquisitions,NAA_nrmse,NAA_nrmse_se,NAA_bias,"
grep -q "NAA maps, acquisition" run/report.html && grep -q "Lac asds-vae" run/report.html
python3 - <<'PY'
import xml.dom.minidom as m
doc = m.parse("run/report.html")
svgs = doc.getElementsByTagName("svg")
assert len(svgs) >= 6, len(svgs)
for s in svgs:
    drawn = [p for p in s.getElementsByTagName("path") if "L" in p.getAttribute("d")] + s.getElementsByTagName("circle") \
        + s.getElementsByTagName("rect")        # heatmaps: one rect per voxel
    assert drawn, "an SVG chart without data: " + s.getElementsByTagName("title")[0].firstChild.data
assert not doc.getElementsByTagName("script")
maps = [s for s in svgs if len(s.getElementsByTagName("rect")) == 16 * 16]
assert len(maps) >= 3 * 5, len(maps)      # NAA, Cho, Lac: truth and 4 methods, 16 x 16 voxels each
PY

# Bad input: one line, non-zero exit, no output file.
check_bad() {
    out=$1; shift
    if "$ASDS" "$@" 2>err.txt >/dev/null; then echo "accepted: $*"; exit 1; fi
    [ "$(wc -l < err.txt)" -eq 1 ] || { echo "not one line for $*:"; cat err.txt; exit 1; }
    [ ! -e "$out" ] || { echo "output left behind for $*"; exit 1; }
}
check_bad x.h5 reconstruct --method magic --in data/dataset.h5 --out x.h5
check_bad x.h5 reconstruct --method asds-vae --in data/dataset.h5 --out x.h5

head -c 1000 model.h5 > broken-model.h5
check_bad x.h5 reconstruct --method asds-vae --model broken-model.h5 --in data/dataset.h5 --out x.h5
python3 - "$ASDS_REPO/suites/quick.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s.update(name="short", count=4, split={"train": 2, "test": 2})
s["acquisition"].update(points=1024, bandwidthHz=2000)
json.dump(s, open("short.json", "w"))
PY
"$ASDS" generate --suite ./short.json --out data-short --quiet >/dev/null
check_bad x.h5 reconstruct --method asds-vae --model model.h5 --in data-short/dataset.h5 --out x.h5
check_bad c.csv quantify --in fista.h5 --basis basis.h5 --ppm-range 4:1 --out c.csv
check_bad s.csv score --truth data/dataset.h5 --in nifti-fista.h5 --out s.csv
python3 - "$ASDS_REPO/suites/quick.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s.update(name="notrain", count=4, split={"train": 0, "test": 4})
json.dump(s, open("notrain.json", "w"))
PY
check_bad m2.h5 train --suite ./notrain.json --data data-notrain --out m2.h5 --epochs 1
