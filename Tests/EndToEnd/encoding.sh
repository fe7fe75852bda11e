# asds acquire and asds system-matrix on the bundled phantoms; h5py reads the raw data; bad
# geometry, trajectory and phantom input gets one line, a non-zero exit and no file.
set -euo pipefail
"$ASDS" acquire --phantom uniform-sphere --trajectory spiral --noise 0.01 --out spiral.h5 --quiet | grep -q "spiral centre-out"
"$ASDS" acquire --phantom brain-lesion --trajectory radial --golden-angle --out radial.h5 --quiet | grep -q "golden-angle"
"$ASDS" acquire --phantom uniform-sphere --trajectory cartesian --sequence steam --out cart.h5 --quiet >/dev/null
python3 - <<'PY'
import h5py, numpy as np
with h5py.File("spiral.h5", "r") as f:
    clean, noisy = f["data/noise_free"][()], f["data/noisy"][()]
    assert clean.dtype == np.complex128 and clean.shape == noisy.shape, (clean.dtype, clean.shape)
    sd = np.std((noisy - clean).real)
    assert abs(sd - 0.01) < 0.001, sd
    assert f["trajectory/kx_per_m"].shape == f["trajectory/density_weights"].shape
PY
"$ASDS" system-matrix --geometry uniform-sphere --trajectory spiral --out H.h5 --quiet | grep -q "PSF FWHM"
"$ASDS" system-matrix --geometry uniform-sphere --single-voxel --profiles sinc --out Hsv.h5 --quiet | grep -q "condition number"
"$ASDS" system-matrix --geometry uniform-sphere --trajectory cartesian --points 8 --dense --out Hd.h5 --quiet >/dev/null
python3 -c "import h5py; f = h5py.File('Hd.h5', 'r'); assert 'H' in f, list(f)"

check_bad() {
    out=$1; shift
    if "$ASDS" "$@" 2>err.txt >/dev/null; then echo "accepted: $*"; exit 1; fi
    [ "$(wc -l < err.txt)" -eq 1 ] || { echo "not one line for $*:"; cat err.txt; exit 1; }
    [ ! -e "$out" ] || { echo "output left behind for $*"; exit 1; }
}
python3 - "$ASDS_REPO/phantoms/uniform-sphere.json" <<'PY'
import json, sys
base = json.load(open(sys.argv[1]))
def variant(name, change):
    p = json.loads(json.dumps(base)); change(p); json.dump(p, open(name, "w"))
variant("outside.json", lambda p: p["regions"][0].update(centerMeters=[0.5, 0]))
variant("zero-fov.json", lambda p: p.update(fovMeters=0))
variant("zero-matrix.json", lambda p: p.update(matrix=0))
variant("unknown.json", lambda p: p["regions"][0]["concentrations"].update(Unobtainium=1.0))
variant("nan-b0.json", lambda p: p.update(b0Map={"valuesHz": [0.0] * 255 + [1e999]}))
PY
check_bad o.h5 acquire --phantom ./outside.json --out o.h5
grep -q "regions.0" err.txt
check_bad o.h5 acquire --phantom ./zero-fov.json --out o.h5
check_bad o.h5 acquire --phantom ./zero-matrix.json --out o.h5
check_bad o.h5 acquire --phantom ./unknown.json --out o.h5
grep -q "Unobtainium" err.txt
check_bad o.h5 acquire --phantom ./nan-b0.json --out o.h5
check_bad o.h5 acquire --phantom uniform-sphere --trajectory spiral --interleaves 1 --bandwidth 2000 --out o.h5
grep -q "cannot meet the limits" err.txt
check_bad o.h5 system-matrix --geometry ./outside.json --out o.h5
