#!/usr/bin/env bash
# Runs every end-to-end check in Tests/EndToEnd/ against the release binary, each in its own
# temporary directory. A check is a bash script that exits non-zero on failure; it finds the
# binary in $ASDS and the repository in $ASDS_REPO.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export ASDS="$repo/.build/release/asds" ASDS_REPO="$repo"
[ -x "$ASDS" ] || { echo "e2e: build first (swift build -c release)" >&2; exit 1; }
failed=0
for check in "$repo"/Tests/EndToEnd/*.sh; do
    name=$(basename "$check" .sh)
    work=$(mktemp -d)
    start=$(date +%s)
    if (cd "$work" && bash "$check") >"$work.log" 2>&1; then
        echo "e2e: $name passed ($(( $(date +%s) - start )) s)"
    else
        echo "e2e: $name FAILED; its output:"
        sed 's/^/    /' "$work.log"
        failed=1
    fi
    rm -rf "$work" "$work.log"
done
exit $failed
