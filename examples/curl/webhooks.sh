#!/usr/bin/env bash
# Webhook endpoints and events with curl and jq: register, list, disable, rotate the secret, list
# recent events, resend one, show the endpoint's delivery log, delete the endpoint.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] examples/curl/webhooks.sh https://example.com/lumiku/webhooks
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
json=(-H 'Content-Type: application/json')
url="${1:-https://example.com/lumiku/webhooks}"

# api METHOD PATH [curl options…]: prints the answer's body. On an error status it prints the problem
# document (code, detail, errors[]) to stderr and fails, so `x=$(api …)` under `set -e` stops the
# script with the reason shown instead of swallowing it.
api() {
  local method=$1 path=$2 out status
  shift 2
  out=$(curl -sS -X "$method" "${auth[@]}" -w '\n%{http_code}' "$@" "$BASE$path") || { echo "error: $method $path: no answer from $BASE" >&2; return 1; }
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ "$status" -ge 400 ]; then
    echo "error: $method $path answered HTTP $status:" >&2
    jq . <<<"$out" >&2 2>/dev/null || printf '%s\n' "$out" >&2
    return 1
  fi
  printf '%s\n' "$out"
}

echo "== register $url for finished jobs"
body=$(jq -nc --arg url "$url" '{url: $url, description: "curl example", event_types: ["video_mix.succeeded", "video_mix.failed", "carousel.*", "pose_generation.succeeded"]}')
endpoint=$(api POST /v1/webhook_endpoints "${json[@]}" -H "Idempotency-Key: we-$(date +%s)-$$" -d "$body")
id=$(echo "$endpoint" | jq -r .id)
echo "$endpoint" | jq -c '{id, url, event_types, enabled, secret: (.secret[0:10] + "…")}'

echo "== endpoints"
api GET /v1/webhook_endpoints | jq -c '.data[] | {id, url, enabled}'

echo "== pause it, rotate its secret"
api PATCH "/v1/webhook_endpoints/$id" "${json[@]}" -d '{"enabled": false}' | jq -c '{id, enabled}'
api POST "/v1/webhook_endpoints/$id/rotate_secret" -H "Idempotency-Key: rotate-$(date +%s)-$$" | jq -c '{id, secret: (.secret[0:10] + "…")}'

echo "== recent events"
events=$(api GET "/v1/events?limit=5")
echo "$events" | jq -c '.data[] | {id, type, created_at}'
first=$(echo "$events" | jq -r '.data[0].id // empty')
if [ -n "$first" ]; then
  echo "== resend $first"
  api POST "/v1/events/$first/resend" -H "Idempotency-Key: resend-$(date +%s)-$$" | jq -c '{event_id, scheduled}'
fi

echo "== delivery attempts to the endpoint"
api GET "/v1/webhook_endpoints/$id/deliveries" | jq -c '.data[] | {event_type, attempt, outcome, status_code, next_retry_at}'

echo "== delete the endpoint"
api DELETE "/v1/webhook_endpoints/$id" | jq -c .
