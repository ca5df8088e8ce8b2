#!/bin/sh
# Starts the node as EdgeLake's image does: main.al of EdgeLake's deployment scripts, configured by the env vars of the
# docker-compose env files. The scripts are those the image holds beside this file: the env files' LOCAL_SCRIPTS and
# TEST_DIR name paths of EdgeLake's image layout (LOCAL_SCRIPTS=/app/deployment-scripts/node-deployment, which main.al
# would read as the folder holding node-deployment/), so they are set here, as deploy-node.sh sets them.
# Arguments are passed on to the node (e.g. --home). Without a terminal it runs until SIGTERM (docker stop).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
export LOCAL_SCRIPTS="$here/deployment-scripts"
export TEST_DIR="$here/deployment-scripts/tests"
export ANYLOG_PATH="${ANYLOG_PATH:-$here}"
export EDGENODE_HOME="${EDGENODE_HOME:-$ANYLOG_PATH}"
exec "$here/edgenode/edgenode" "$@" process "$LOCAL_SCRIPTS/node-deployment/main.al"
