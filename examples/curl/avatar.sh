#!/usr/bin/env bash
# An AI avatar with curl and jq: pick a model, create from a persona and a prompt, wait, print the
# image and thumbnail, rename it. Test keys (lk_test_…) get the offline test provider's labelled
# placeholder ("TEST PLACEHOLDER — NOT AI OUTPUT") at no charge.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] examples/curl/avatar.sh "a friendly barista in a green apron" [name]
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
prompt="${1:-a friendly barista in a green apron, studio light}"
name="${2:-Barista}"

echo "== models for avatars"
curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/models?app=avatar" | jq -c '.data[] | {id, provider, credit_cost, tier, available}'

echo "== create"
body=$(jq -nc --arg prompt "$prompt" --arg name "$name" '{from: "prompt", name: $name, persona: {age: 28, style: "smart casual"}, prompt: $prompt, width: 768, height: 1024, seed: 7}')
id=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: avatar-$(date +%s)-$$" -d "$body" "$BASE/v1/avatars" | jq -r .id)
echo "$id"

echo "== wait"
until
  job=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/avatars/$id?wait=60")
  [[ "$(echo "$job" | jq -r .status)" =~ ^(succeeded|failed|canceled)$ ]]
do :; done
echo "$job" | jq -c '{id, name, status, credits, error}'
echo "$job" | jq -r '[.image, .thumbnail][] | select(. != null) | "\(.role)\t\(.content_type)\t\(.url)"'
[ "$(echo "$job" | jq -r .status)" = succeeded ]

echo "== rename"
curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -X PATCH \
  -d "$(jq -nc --arg name "$name (summer)" '{name: $name, metadata: {campaign: "summer"}}')" "$BASE/v1/avatars/$id" | jq -c '{id, name, metadata}'
