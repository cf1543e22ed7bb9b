#!/usr/bin/env bash
# An AI avatar with curl and jq: pick a model, create from a prompt, wait, print the images.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] examples/curl/avatar.sh "a friendly barista in a green apron"
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
prompt="${1:-a friendly barista in a green apron, studio light}"

echo "== models for avatars"
curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/models?app=avatar" | jq -c '.data[] | {id, provider, credits}'

echo "== create"
body=$(jq -nc --arg prompt "$prompt" '{from: "prompt", prompt: $prompt, width: 768, height: 1024, seed: 7}')
id=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: avatar-$(date +%s)-$$" -d "$body" "$BASE/v1/avatars" | jq -r .id)
echo "$id"

echo "== wait"
until
  job=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/avatars/$id?wait=60")
  [[ "$(echo "$job" | jq -r .status)" =~ ^(succeeded|failed|canceled)$ ]]
do :; done
echo "$job" | jq -c '{id, status, credits, error}'
echo "$job" | jq -r '.outputs[] | "\(.role)\t\(.url)"'
[ "$(echo "$job" | jq -r .status)" = succeeded ]
