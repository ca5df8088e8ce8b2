#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests start (mosquitto, PostgreSQL, an SMTP sink),
# builds the solution and the single-file package, and runs every test project. Tests start their own servers on free ports on 127.0.0.1.
# The last line is the summary: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh || { echo "test dependencies could not be installed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build EdgeNode.slnx -c Release --nologo -v quiet 2>&1 | tail -n 40 || true
# the single self-contained file, which the packaging tests start as the image does
scripts/publish.sh --single artifacts 2>&1 | tail -n 40 || true
dotnet test --solution EdgeNode.slnx -c Release --no-build --no-progress 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

total=$(grep -E '^\s+total:' "$log" | tail -n 1 | awk '{print $2}')
failed=$(grep -E '^\s+failed:' "$log" | tail -n 1 | awk '{print $2}')
passed=$(grep -E '^\s+succeeded:' "$log" | tail -n 1 | awk '{print $2}')
skipped=$(grep -E '^\s+skipped:' "$log" | tail -n 1 | awk '{print $2}')
if [ -z "$total" ]; then
  echo "0 passed, 1 failed (the test run did not complete: see the log above)"
  exit 1
fi
summary="${passed:-0} passed, ${failed:-0} failed"
[ "${skipped:-0}" != "0" ] && summary="$summary, $skipped skipped"
echo "$summary"
exit "$status"
