#!/usr/bin/env bash
# Runs both sample services talking mTLS to each other, with a development CA in ./.mtls-dev.
# Builds the jars first if they are missing. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
inventory=sample-services/inventory-service/target/inventory-service.jar
orders=sample-services/orders-service/target/orders-service.jar
if [ ! -f "$inventory" ] || [ ! -f "$orders" ]; then
	echo "Building the sample jars (first run only; Maven downloads dependencies)..."
	mvn -B -q -DskipTests package
fi
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
java -jar "$inventory" "$@" > >(sed -u 's/^/[inventory] /') 2>&1 &
pids+=($!)
java -jar "$orders" "$@" > >(sed -u 's/^/[orders]    /') 2>&1 &
pids+=($!)
wait
