#!/usr/bin/env bash
# Installs the servers and tools the integration tests start themselves: mosquitto (+ clients), PostgreSQL 15,
# postfix's smtp-sink, swaks, curl, jq. Idempotent: does nothing when everything is present.
set -euo pipefail

need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
[ -x /usr/lib/postgresql/15/bin/initdb ] && [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || need+=(postgresql)
command -v smtp-sink >/dev/null 2>&1 || [ -x /usr/sbin/smtp-sink ] || need+=(postfix)
command -v swaks >/dev/null 2>&1 || need+=(swaks)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v jq >/dev/null 2>&1 || need+=(jq)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "missing ${need[*]}: run as root (apt-get) or install them first" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
apt-get update -q
apt-get install -y -q --no-install-recommends "${need[@]}"
# the packages start system-wide services on default ports; tests run their own instances on free ports
for service in mosquitto postgresql postfix; do
  (command -v systemctl >/dev/null && systemctl stop "$service") >/dev/null 2>&1 || service "$service" stop >/dev/null 2>&1 || true
done
pkill -x mosquitto >/dev/null 2>&1 || true
