# Work that would not fit in memory is refused at once, with the size it would need, no output
# file, and a small peak memory (issue 14): a 1e8-point basis and a suite of 1e9 spectra.
set -euo pipefail
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s["count"]=10**9; s["split"]={"train":5*10**8,"test":5*10**8}; json.dump(s,open("huge.json","w"))' \
    "$ASDS_REPO/suites/quick.json"
refuse() {   # refuse NAME ARGS...: non-zero exit, "of memory" on stderr, peak RSS under 100 MB
    local name=$1; shift
    python3 - "$@" <<'PY' 2>"$name.err"
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"exit {rc}, peak {peak_mb:.0f} MB", file=sys.stderr)
sys.exit(0 if rc != 0 and peak_mb < 100 else 1)
PY
    grep -q "of memory" "$name.err" || { echo "$name: no memory message"; cat "$name.err"; exit 1; }
    cat "$name.err"
}
refuse points "$ASDS" simulate --sequence press --te 0.03 --points 100000000 --out big.h5 --quiet
[ ! -e big.h5 ] || { echo "a partial basis file was left"; exit 1; }
refuse count "$ASDS" generate --suite huge.json --out huge --quiet
[ ! -e huge/dataset.h5 ] && [ ! -e huge/mrsi ] || { echo "generation started before the refusal"; exit 1; }
