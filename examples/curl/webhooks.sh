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

echo "== register $url for finished jobs"
body=$(jq -nc --arg url "$url" '{url: $url, description: "curl example", event_types: ["video_mix.succeeded", "video_mix.failed", "carousel.*", "pose_generation.succeeded"]}')
endpoint=$(curl -sS --fail-with-body "${auth[@]}" "${json[@]}" -H "Idempotency-Key: we-$(date +%s)-$$" -d "$body" "$BASE/v1/webhook_endpoints")
id=$(echo "$endpoint" | jq -r .id)
echo "$endpoint" | jq -c '{id, url, event_types, enabled, secret: (.secret[0:10] + "…")}'

echo "== endpoints"
curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/webhook_endpoints" | jq -c '.data[] | {id, url, enabled}'

echo "== pause it, rotate its secret"
curl -sS --fail-with-body "${auth[@]}" "${json[@]}" -X PATCH -d '{"enabled": false}' "$BASE/v1/webhook_endpoints/$id" | jq -c '{id, enabled}'
curl -sS --fail-with-body "${auth[@]}" -X POST -H "Idempotency-Key: rotate-$(date +%s)-$$" "$BASE/v1/webhook_endpoints/$id/rotate_secret" | jq -c '{id, secret: (.secret[0:10] + "…")}'

echo "== recent events"
events=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/events?limit=5")
echo "$events" | jq -c '.data[] | {id, type, created_at}'
first=$(echo "$events" | jq -r '.data[0].id // empty')
if [ -n "$first" ]; then
  echo "== resend $first"
  curl -sS --fail-with-body "${auth[@]}" -X POST -H "Idempotency-Key: resend-$(date +%s)-$$" "$BASE/v1/events/$first/resend" | jq -c '{event_id, scheduled}'
fi

echo "== delivery attempts to the endpoint"
curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/webhook_endpoints/$id/deliveries" | jq -c '.data[] | {event_type, attempt, outcome, status_code, next_retry_at}'

echo "== delete the endpoint"
curl -sS --fail-with-body "${auth[@]}" -X DELETE "$BASE/v1/webhook_endpoints/$id" | jq -c .
