#!/usr/bin/env bash
# Smoke test of the two-replica deployment: builds the image, starts compose.yaml, imports the
# demo tenant's users page by page alternating between the replicas (the SCIM cursor memory is
# shared through Redis), and stops everything.
#
#   bash deploy/smoke.sh                      # with Docker
#   OKTA_ACTIONS_SMOKE_NATIVE=1 bash deploy/smoke.sh   # the same processes without Docker
#
# With Docker it uses the Compose v2 plugin (`docker compose`) where it is installed, else the
# standalone `docker-compose` (v1.27 or later reads the same file).
set -euo pipefail
cd "$(dirname "$0")"

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  elif command -v docker-compose >/dev/null; then
    docker-compose "$@"
  else
    echo "smoke: neither \`docker compose\` nor \`docker-compose\` is installed" >&2
    return 1
  fi
}

A=http://127.0.0.1:8080
B=http://127.0.0.1:8082
AUTH="Authorization: Bearer demo-api-key"
pids=()

stop() {
  local status=$?
  if [[ -n "${OKTA_ACTIONS_SMOKE_NATIVE:-}" ]]; then
    kill "${pids[@]}" 2>/dev/null || true
  else
    # On a failure the services' last lines say why, before they are removed.
    [[ $status -ne 0 ]] && compose logs --tail 20 >&2 2>/dev/null
    compose down --remove-orphans >/dev/null 2>&1 || true
  fi
}
trap stop EXIT

if [[ -n "${OKTA_ACTIONS_SMOKE_NATIVE:-}" ]]; then
  # The commands compose.yaml runs, as local processes (release binaries built first).
  (cd .. && cargo build --release --locked -q -p acme-integration -p acme-vendor)
  bin=../target/release
  redis-server --port 6399 --save "" --appendonly no >/dev/null & pids+=($!)
  "$bin/acme-vendor" --listen 127.0.0.1:8081 >/dev/null 2>&1 & pids+=($!)
  for port in 8080 8082; do
    OKTA_ACTIONS_LISTEN=127.0.0.1:$port \
    OKTA_ACTIONS_VENDOR_URL='http://127.0.0.1:8081/t/{app.subdomain}/v1' \
    OKTA_ACTIONS_STATE=redis://127.0.0.1:6399 \
      "$bin/acme-integration" serve >/dev/null 2>&1 & pids+=($!)
  done
else
  compose up -d --build
fi

for url in $A $B; do
  for _ in $(seq 1 60); do
    curl -fsS "$url/health" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS "$url/health" >/dev/null
done

# Okta's SCIM import, 100 users a page, each page from the other replica.
ids=$(mktemp)
index=1
replica=$A
while :; do
  page=$(curl -fsS -H "$AUTH" "$replica/scim/v2/demo/Users?startIndex=$index&count=100")
  read -r total got < <(python3 -c '
import json, sys
page = json.load(sys.stdin)
with open(sys.argv[1], "a") as ids:
    for user in page["Resources"]:
        print(user["id"], file=ids)
print(page["totalResults"], len(page["Resources"]))' "$ids" <<<"$page")
  index=$((index + got))
  [[ $got -eq 0 || $index -gt $total ]] && break
  replica=$([[ $replica == "$A" ]] && echo "$B" || echo "$A")
done
seen=$(sort -u "$ids" | wc -l)
rows=$(wc -l <"$ids")
rm -f "$ids"
if [[ $seen -ne $total || $rows -ne $total ]]; then
  echo "smoke: $rows users read, $seen distinct, of $total" >&2
  exit 1
fi
echo "smoke: all $total users imported once, pages alternating between two replicas sharing Redis"
