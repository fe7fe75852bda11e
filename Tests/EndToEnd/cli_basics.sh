# The binary starts, reports its version and rejects unknown subcommands with a non-zero exit.
set -euo pipefail
"$ASDS" --version | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$'
"$ASDS" --help | grep -q 'asds'
if "$ASDS" no-such-command 2>err.txt; then echo "unknown subcommand accepted"; exit 1; fi
