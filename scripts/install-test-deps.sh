#!/usr/bin/env bash
# Python packages used only by tests, to read our files with the tools other people use
# (nifti-mrs and h5py). Never used by the product itself.
set -euo pipefail
python3 -c "import nifti_mrs, h5py, nibabel" 2>/dev/null && exit 0
echo "asds: installing the test-only Python packages nifti-mrs, h5py, nibabel" >&2
python3 -m pip install --quiet --disable-pip-version-check nifti-mrs h5py nibabel
