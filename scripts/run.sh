#!/usr/bin/env bash
# Installs dependencies, builds, and starts kefka's interactive sandbox.
# Arguments are passed to kefka (e.g. `scripts/run.sh -c 'ls /bin'`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh kefka_cli >&2
exec build/kefka "$@"
