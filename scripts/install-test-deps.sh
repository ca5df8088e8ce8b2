#!/usr/bin/env bash
# Installs the servers and tools the integration tests start themselves: mosquitto (+ clients), PostgreSQL 15,
# postfix's smtp-sink, swaks, curl, jq, Chromium (the status page is rendered headless), the Prometheus project's
# Python client (its text-format parser reads /metrics), clang and zlib for the Native AOT build; and, when the EdgeLake peer is beside the repository (../shared/peers), the
# Debian Python packages it runs on, for the interop tests. Idempotent: does nothing when everything is present.
# Tests start their own instances on free ports, so the packages' system services are kept from starting at all
# (Debian's policy-rc.d): nothing already running on this machine is stopped or touched.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
[ -x /usr/lib/postgresql/15/bin/initdb ] && [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || need+=(postgresql)
command -v smtp-sink >/dev/null 2>&1 || [ -x /usr/sbin/smtp-sink ] || need+=(postfix)
command -v swaks >/dev/null 2>&1 || need+=(swaks)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
/usr/bin/python3 -c 'import prometheus_client.parser' >/dev/null 2>&1 || need+=(python3-prometheus-client)
# the Native AOT build links with clang (the process tests run against it too)
command -v clang >/dev/null 2>&1 || command -v clang-14 >/dev/null 2>&1 || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)

peer_deps=../shared/peers/edgelake/install-peer-deps.sh   # present only where the interop peer is

if [ ${#need[@]} -gt 0 ] || [ -x "$peer_deps" ]; then
  if [ "$(id -u)" != "0" ]; then
    [ ${#need[@]} -eq 0 ] || { echo "missing ${need[*]}: run as root (apt-get) or install them first" >&2; exit 1; }
  else
    export DEBIAN_FRONTEND=noninteractive
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
      # exit code 101 = "action forbidden": invoke-rc.d starts no service while the packages install
      printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"
      trap 'rm -f "$policy"' EXIT
    fi
    if [ ${#need[@]} -gt 0 ]; then
      echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
      apt-get update -q
      apt-get install -y -q --no-install-recommends "${need[@]}"
    fi
    [ -x "$peer_deps" ] && "$peer_deps"
  fi
fi
exit 0
