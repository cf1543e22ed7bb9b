#!/usr/bin/env bash
# First calls with curl and jq: the account, a scoped key with a daily quota, prices, an upload.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=http://localhost:8080] examples/curl/quickstart.sh
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")

echo "== account"
curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/account" | jq '{id, balance, livemode}'

echo "== a read-only key with a 100-credit daily quota (the secret is shown only now)"
key=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: quickstart-$(date +%s)" \
  -d '{"name": "quickstart", "scopes": ["read"], "credit_limit": 100, "credit_limit_period": "day"}' \
  "$BASE/v1/api_keys")
echo "$key" | jq '{id, redacted_key, scopes, credit_limit, credit_limit_period}'

echo "== prices"
curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/prices" | jq -c '.data[] | {product, unit, base}'

echo "== upload a file (a 64x64 PNG made here)"
png=$(mktemp --suffix .png)
trap 'rm -f "$png"' EXIT
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAn0lEQVRoge2SQQkAQRDD6qvuTnTeK+IeYaAQAWlo+nGa6AbdAPSK3YW4S3SDbgB6xe5C3CW6QTcAvWJ3Ie4S3aAbgF6xuxB3iW7QDUCv2F2Iu0Q36AagV+wuxF2iG3QD0Ct2F+Iu0Q26AegVuwtxl+gG3QD0it2FuEt0g24AesXuQtwlukE3AL1idyHuEt2gG4BesbsQd4lu0A1Ar/iHB/BAMZa+hfUYAAAAAElFTkSuQmCC' | base64 -d > "$png"
curl -sS --fail-with-body "${auth[@]}" -F "file=@$png;type=image/png" "$BASE/v1/files" | jq '{id, content_type, bytes, metadata}'

echo "== an error is a problem document with a stable code"
curl -sS "${auth[@]}" "$BASE/v1/api_keys/key_nope" | jq '{status, code, detail}'

echo "== revoke the quickstart key"
curl -sS --fail-with-body "${auth[@]}" -X DELETE "$BASE/v1/api_keys/$(echo "$key" | jq -r .id)" | jq '{id, revoked}'
