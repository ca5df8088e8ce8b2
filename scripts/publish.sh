#!/usr/bin/env bash
# Builds the node's packages into artifacts/ (or the directory given) and checks that the single file and the Native AOT
# executable start and answer REST. Run it with: scripts/publish.sh [--single|--aot] [output dir]
#   <out>/edgenode/edgenode   framework-dependent, ReadyToRun (needs the .NET 10 runtime with ASP.NET Core)
#   <out>/single/edgenode     one self-contained file for linux-x64 (no runtime needed; SQLite's native library inside)
#   <out>/aot/edgenode        Native AOT: a native executable with libe_sqlite3.so beside it (no runtime needed; starts
#                             and runs in about half the memory: docs/performance.md); built when clang is installed
#   <out>/tool/*.nupkg        a dotnet tool package: dotnet tool install --global --add-source <out>/tool edgenode
#   image edgenode:latest     from deploy/docker/Dockerfile, when a Docker daemon answers (skipped with a message otherwise)
# --single / --aot build only that flavor, unchecked (the image build and scripts/test.sh, whose tests start them, use them).
# The systemd unit is deploy/systemd/edgenode.service; docs/deployment.md says how to install each.
set -euo pipefail
cd "$(dirname "$0")/.."
only=""
case "${1:-}" in --single|--aot) only=${1#--}; shift ;; esac
out=$(realpath -m "${1:-artifacts}")
rid=linux-x64

# Native AOT links with clang (apt-get install clang zlib1g-dev); Debian may name it clang-<version> only
publish_aot() {
  local cc
  cc=$(command -v clang || command -v clang-14 || true)
  if [ -z "$cc" ]; then
    echo "no clang: the Native AOT flavor is not built (apt-get install clang zlib1g-dev)"
    return 0
  fi
  dotnet publish src/EdgeNode -c Release -r "$rid" -p:PublishAot=true -p:CppCompilerAndLinker="$cc" -p:DebugType=none -o "$out/aot" -v quiet
  rm -f "$out/aot/edgenode.dbg"
  "$out/aot/edgenode" --version
}

if [ "$only" = aot ]; then publish_aot; exit 0; fi
dotnet publish src/EdgeNode -c Release -r "$rid" --self-contained true -p:PublishSingleFile=true \
  -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -o "$out/single" -v quiet
[ "$only" = single ] && exit 0
dotnet publish src/EdgeNode -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out/edgenode" -v quiet
publish_aot
dotnet pack src/EdgeNode -c Release -p:PackAsTool=true -p:ToolCommandName=edgenode -o "$out/tool" -v quiet

# smoke check of each standalone flavor, in a fresh home: it serves REST on 127.0.0.1 and answers a command and a SQLite
# query (the single file unpacks SQLite's native library from its bundle; the AOT executable finds it beside itself)
smoke_check() {
  local flavor=$1 program=$2 home port pid answer query
  home=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  DOTNET_BUNDLE_EXTRACT_BASE_DIR="$home/.net" "$program" --home "$home" "connect dbms smoke where type = sqlite" \
    "run rest server where internal_ip = 127.0.0.1 and internal_port = $port and bind = true" </dev/null >"$home/console.log" 2>&1 &
  pid=$!
  answer=""
  for _ in $(seq 1 300); do
    answer=$(curl -s -H 'command: get status' "http://127.0.0.1:$port/" || true)
    [ -n "$answer" ] && break
    sleep 0.1
  done
  query=$(curl -s -H 'command: sql smoke format = json "select 1 + 1 as two"' "http://127.0.0.1:$port/" || true)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  case "$answer|$query" in
    *running*'"two":2'*) echo "$flavor answers REST and queries SQLite: $answer" ;;
    *) echo "the $flavor failed its check on port $port (status: '$answer', query: '$query'); console:"; cat "$home/console.log"
       rm -rf "$home"; exit 1 ;;
  esac
  rm -rf "$home"
}
smoke_check "single file" "$out/single/edgenode"
[ -x "$out/aot/edgenode" ] && smoke_check "Native AOT executable" "$out/aot/edgenode"

if docker info >/dev/null 2>&1; then
  docker build -q -f deploy/docker/Dockerfile -t edgenode:latest .
else
  echo "no Docker daemon: image not built (docker build -f deploy/docker/Dockerfile -t edgenode .)"
fi
echo "published to $out: $(du -h "$out/single/edgenode" | cut -f1) single file; $(ls "$out"/tool/*.nupkg)"
