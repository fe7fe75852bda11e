#!/usr/bin/env bash
# Cross-fit on another simulator's basis (issue 16): spectra synthesised from FID-A's PRESS TE 30
# basis (shared/reference/fida-press-te30) are fitted by ASDS and by FSL-MRS, both with the basis
# ASDS simulates for the same sequence, at SNR 20 and 50; prints both tools' errors against truth
# (scripts/compare-fsl-mrs.sh does the fitting and scoring). A benchmark for docs/RESULTS.md.
#
#   scripts/crossfit-fida.sh FSL_ENV [FIDA_DIR] [WORKDIR]
#
# FSL_ENV as for compare-fsl-mrs.sh. FIDA_DIR holds FID-A's text FIDs (NAME.txt: real, imaginary;
# 2048 points at 4000 Hz, 123.2 MHz, 1.5 Hz Lorentzian applied, t = 0 first, a component
# exp(+i 2 pi f t) at 4.65 + f / 123.2 ppm). They become an FSL-MRS basis folder with the 1.5 Hz
# removed, which each suite names as its basisFile; the suite draws brain-like concentrations
# (+-20%), Lorentzian lines of 4-10 Hz, shifts of +-5 Hz and zero-order phases of +-30 degrees.
set -euo pipefail
env=${1:?usage: scripts/crossfit-fida.sh FSL_ENV [FIDA_DIR] [WORKDIR]}
repo=$(cd "$(dirname "$0")/.." && pwd)
fida=${2:-$repo/../shared/reference/fida-press-te30}
work=${3:-$(mktemp -d)}
python="$env/bin/python"
mkdir -p "$work"
fida=$(cd "$fida" && pwd)

"$python" - "$fida" "$work/fida-fsl" <<'PY'
import glob, json, os, sys
import numpy as np
source, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
dwell, centre_mhz, applied_hz = 250e-6, 123.2, 1.5
for path in sorted(glob.glob(os.path.join(source, "*.txt"))):
    name = os.path.splitext(os.path.basename(path))[0]
    d = np.loadtxt(path)
    t = np.arange(len(d)) * dwell
    fid = (d[:, 0] + 1j * d[:, 1]) * np.exp(np.pi * applied_hz * t)
    # FSL-MRS basis files hold the conjugate of the ASDS (and FID-A) frame's FID.
    basis = {"basis_re": fid.real.tolist(), "basis_im": (-fid.imag).tolist(), "basis_dwell": dwell,
             "basis_centre": centre_mhz, "basis_width": 0.0, "basis_name": name, "centralShift": 4.65}
    json.dump({"basis": basis, "meta": {"TE": 30.0, "SimVersion": "FID-A (sim_press, ideal pulses)"}},
              open(os.path.join(out, name + ".json"), "w"))
PY

b0=$("$python" -c 'print(123.2e6 / 42.577478518e6)')   # ASDS's gyromagnetic ratio; FID-A used 42.576
for snr in 50 20; do
    cat > "$work/fida-snr$snr.json" <<JSON
{
  "name": "fida-crossfit-snr$snr",
  "description": "Spectra from FID-A's ideal PRESS TE 30 basis at SNR $snr (scripts/crossfit-fida.sh).",
  "seed": $((7000 + snr)), "count": 200, "split": {"train": 100, "test": 100},
  "acquisition": {"b0Tesla": $b0, "points": 2048, "bandwidthHz": 4000},
  "sequences": [{"sequence": "press", "te1Seconds": 0.011, "te2Seconds": 0.019, "weight": 1,
                 "basisFile": "$work/fida-fsl"}],
  "metabolites": ["NAA", "Cr", "GPC", "PCh", "Lac", "Ala", "Glc"],
  "concentrationsMM": {"NAA": {"uniform": [9.6, 14.4]}, "Cr": {"uniform": [6.4, 9.6]}, "GPC": {"uniform": [0.8, 1.2]},
                       "PCh": {"uniform": [0.48, 0.72]}, "Lac": {"uniform": [0.4, 0.6]}, "Ala": {"uniform": [0.4, 0.6]},
                       "Glc": {"uniform": [0.8, 1.2]}},
  "scenarios": [{"name": "brain", "weight": 1, "concentrationsMM": {}}],
  "artefacts": {"snr": $snr, "lorentzianHz": {"uniform": [4, 10]}, "frequencyShiftHz": {"uniform": [-5, 5]},
                "phase0Degrees": {"uniform": [-30, 30]}}
}
JSON
    echo "== SNR $snr"
    "$repo/scripts/compare-fsl-mrs.sh" "$env" "$work/fida-snr$snr.json" "$work/snr$snr"
done
