#!/bin/sh
# Starts the node of EdgeNode's image (deploy/docker/Dockerfile); this folder holds the program (edgenode/edgenode) and
# EdgeLake's deployment scripts (deployment-scripts/). Without a terminal the node runs until SIGTERM (docker stop).
#   entrypoint.sh <edgenode arguments>   runs them: "process /config/node.al", "--home /data", commands
#   NODE_TYPE set (EdgeLake's docker-compose env files): runs main.al of the deployment scripts, as EdgeLake's image does
#   /config/node.al present: processes it
# The env files' LOCAL_SCRIPTS and TEST_DIR name paths of EdgeLake's image (LOCAL_SCRIPTS=/app/deployment-scripts/
# node-deployment, which main.al would read as the folder holding node-deployment/), so they are set here to the scripts
# beside this file, as deploy-node.sh sets them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
program="$here/edgenode/edgenode"
export ANYLOG_PATH="${ANYLOG_PATH:-$here}"
export EDGENODE_HOME="${EDGENODE_HOME:-$ANYLOG_PATH}"
config="${EDGENODE_CONFIG:-/config/node.al}"

if [ "$#" -gt 0 ]; then
  exec "$program" "$@"
elif [ -n "${NODE_TYPE:-}" ]; then
  export LOCAL_SCRIPTS="$here/deployment-scripts"
  export TEST_DIR="$here/deployment-scripts/tests"
  exec "$program" process "$LOCAL_SCRIPTS/node-deployment/main.al"
elif [ -f "$config" ]; then
  exec "$program" process "$config"
else
  echo "edgenode: nothing to run. Give the node a script (mount it as $config, or pass 'process <file>'), or the" >&2
  echo "environment of EdgeLake's docker-compose env files (NODE_TYPE, NODE_NAME, LEDGER_CONN, ...: --env-file)." >&2
  exit 2
fi
