# MRSI reconstruction through the command line: every method writes HDF5 and NIfTI-MRS; nifti_mrs
# reads the NIfTI-MRS (dims, ppm axis) and one voxel equals the HDF5 copy; a model for another
# size, a single-voxel option and a truncated acquisition are refused with one line and no output.
set -euo pipefail
python3 - "$ASDS_REPO/suites/table1.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s.update(name="mrsi-small", count=20, split={"train": 10, "test": 10})
s["mrsi"].update(count=2, split={"train": 1, "test": 1}, matrix=8, points=64)
json.dump(s, open("small.json", "w"))
PY
"$ASDS" generate --suite ./small.json --out data --quiet >/dev/null
item=data/mrsi/item-000001.h5
for m in ft ils fista; do
    "$ASDS" reconstruct --method "$m" --in "$item" --out "$m.h5" --quiet | grep -q "8 x 8 voxels"
    [ -s "$m.h5" ] && [ -s "$m.nii.gz" ]
done
python3 - <<'PY'
import h5py, numpy as np
from nifti_mrs.nifti_mrs import NIFTI_MRS
for m in ("ft", "ils", "fista"):
    n = NIFTI_MRS(f"{m}.nii.gz")
    assert n.shape[:4] == (8, 8, 1, 64), n.shape
    assert abs(n.bandwidth - 1000) < 1e-6, n.bandwidth
    # The ppm axis: in nifti_mrs's (FSL-MRS) frame fftshift(fft(fid)) has ppm = 4.65 + f / SF;
    # the centre voxel's largest line in 1.8-2.3 ppm must be NAA's singlet at 2.008 ppm (bins of 0.13 ppm;
    # a wrong reference frame would move it by 2 ppm).
    f = (np.arange(64) - 32) * 1000 / 64
    ppm = 4.65 + f / n.spectrometer_frequency[0]
    centre = np.abs(np.fft.fftshift(np.fft.fft(np.asarray(n[:][4, 4, 0, :]))))
    window = (ppm > 1.8) & (ppm < 2.3)
    assert abs(ppm[window][np.argmax(centre[window])] - 2.008) < 0.2, (m, ppm[window][np.argmax(centre[window])])
    with h5py.File(f"{m}.h5", "r") as f:
        assert f.attrs["grid_matrix"] == 8 and f["spectra"].shape == (64, 64)
        spectrum = f["spectra"][3 * 8 + 5]
    # NIfTI-MRS stores FIDs (complex64) in the standard's frame; compare magnitude spectra.
    fid = np.asarray(n[:][5, 3, 0, :])
    ours = np.abs(np.fft.fftshift(np.fft.fft(fid)))
    assert np.allclose(np.sort(ours), np.sort(np.abs(spectrum)), rtol=1e-4, atol=1e-4 * np.abs(spectrum).max()), m
PY
"$ASDS" train --suite ./small.json --out sv-model.h5 --quiet >/dev/null 2>&1 || true
if [ -e sv-model.h5 ]; then
    if "$ASDS" reconstruct --method asds-vae --model sv-model.h5 --in "$item" --out vae.h5 2>err.txt; then
        echo "a single-voxel model was accepted for MRSI"; exit 1
    fi
    [ "$(wc -l <err.txt)" -eq 1 ] && grep -q "metadata/kind" err.txt && [ ! -e vae.h5 ] && [ ! -e vae.nii.gz ]
fi
if "$ASDS" reconstruct --method ils --in "$item" --split test --out bad.h5 2>err.txt; then echo "--split accepted for MRSI"; exit 1; fi
[ "$(wc -l <err.txt)" -eq 1 ] && grep -q -- "--split" err.txt && [ ! -e bad.h5 ]
head -c 100000 "$item" > cut.h5
if "$ASDS" reconstruct --method ft --in cut.h5 --out cut-ft.h5 2>err.txt; then echo "a truncated acquisition was accepted"; exit 1; fi
[ "$(wc -l <err.txt)" -eq 1 ] && grep -q "cut.h5" err.txt && [ ! -e cut-ft.h5 ] && [ ! -e cut-ft.nii.gz ]
if "$ASDS" quantify --in "$item" --basis ft.h5 --out c.csv 2>err.txt; then echo "quantify accepted raw k-space"; exit 1; fi
grep -q "reconstruct it first" err.txt
