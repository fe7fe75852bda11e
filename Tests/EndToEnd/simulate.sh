# asds simulate in every format; the NIfTI-MRS file read by the Python nifti-mrs package; every
# format read back by our own reader (asds convert); bad input: one line, non-zero exit, no file.
set -euo pipefail
"$ASDS" simulate --sequence press --metabolites NAA,Cr,Lac --b0 2.893539 --out basis.h5 --quiet > summary.txt
grep -q "^NAA " summary.txt
"$ASDS" simulate --sequence steam --te 0.02 --tm 0.01 --metabolites NAA,Cr,Lac --format nifti-mrs --out basis.nii.gz --quiet >/dev/null
"$ASDS" simulate --sequence press --metabolites NAA,Cr,Lac --format lcmodel --out basis.BASIS --quiet >/dev/null
"$ASDS" simulate --sequence press --metabolites NAA,Cr,Lac --format fsl --out fslbasis --quiet >/dev/null
for f in basis.h5 basis.nii.gz basis.BASIS fslbasis; do
    "$ASDS" convert --in "$f" --out "back-$(basename "$f").h5" | grep -q "3 metabolites: NAA, Cr, Lac"
done
python3 - <<'PY'
import numpy as np
from nifti_mrs.nifti_mrs import NIFTI_MRS
n = NIFTI_MRS("basis.nii.gz")
assert n.shape[:5] == (1, 1, 1, 2048, 3), n.shape
assert abs(n.spectrometer_frequency[0] - 127.73243555) < 1e-3, n.spectrometer_frequency
assert abs(n.dwelltime - 2.5e-4) < 1e-12, n.dwelltime
assert n.dim_tags[0] == "DIM_USER_0", n.dim_tags
# NAA's singlet must sit at 2.008 ppm: nifti_mrs hands out data in the FSL-MRS frame, where
# fftshift(fft(fid)) has ppm = 4.65 + f / SF increasing with the index.
fid = n[:][0, 0, 0, :, 0] * np.exp(-np.pi * 2 * np.arange(2048) * 2.5e-4)
spec = np.fft.fftshift(np.fft.fft(fid)).real
f = (np.arange(2048) - 1024) * 4000 / 2048
ppm = 4.65 + f / n.spectrometer_frequency[0]
window = (ppm > 1.8) & (ppm < 2.3)
peak = ppm[window][np.argmax(spec[window])]
assert abs(peak - 2.008) < 0.02, peak
PY
# Bad input: a one-line error naming the option or file, a non-zero exit, no output file.
check_bad() {
    if "$ASDS" simulate --sequence press "$@" --out bad.h5 --quiet 2>err.txt >/dev/null; then echo "accepted: $*"; exit 1; fi
    [ "$(wc -l < err.txt)" -eq 1 ] || { echo "not one line for $*:"; cat err.txt; exit 1; }
    [ ! -e bad.h5 ] || { echo "output left behind for $*"; exit 1; }
}
check_bad --b0 0
check_bad --points 0
check_bad --te 0.002
check_bad --metabolites NAA,Unobtainium
echo '{"name": "Bad", "fullName": "x", "references": [], "defaultReference": "a", "subsystems": []}' > bad.json
check_bad --metabolites ./bad.json
grep -q "bad.json: references" err.txt
echo '{ not json' > broken.json
check_bad --metabolites ./broken.json
grep -q "broken.json: not valid JSON" err.txt
