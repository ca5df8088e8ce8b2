#!/usr/bin/env bash
# Publishes the node for deployment: framework-dependent, ReadyToRun (precompiled, starts faster), into artifacts/edgenode
# or the directory given. Run it with: scripts/publish.sh [output dir]; then <dir>/edgenode --home /var/lib/edgenode ...
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/edgenode}
dotnet publish src/EdgeNode -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out"
echo "published to $out: run $out/edgenode --help"
