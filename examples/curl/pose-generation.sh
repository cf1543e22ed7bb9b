#!/usr/bin/env bash
# Pose generation with curl and jq: an avatar from a prompt, two library poses, wait, print each
# item and the photos. Test keys (lk_test_…) get labelled placeholders ("TEST PLACEHOLDER — NOT AI
# OUTPUT") showing what the model would have received, at no charge.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] examples/curl/pose-generation.sh
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
json=(-H 'Content-Type: application/json')

wait_for() { # <collection> <id>: long-poll until the job is finished, print it
  local job
  until
    job=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/$1/$2?wait=60")
    [[ "$(echo "$job" | jq -r .status)" =~ ^(succeeded|failed|canceled)$ ]]
  do :; done
  echo "$job"
}

echo "== categories, then two standing poses from the library"
curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/pose_categories" | jq -c '.data[] | {id, count}'
poses=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/poses?category=standing&limit=2" | jq -c '[.data[].id]')
echo "$poses"

echo "== an avatar"
avatar=$(curl -sS --fail-with-body "${auth[@]}" "${json[@]}" -H "Idempotency-Key: avatar-$(date +%s)-$$" \
  -d '{"from": "prompt", "name": "Runner", "prompt": "a smiling runner in a red jacket"}' "$BASE/v1/avatars" | jq -r .id)
[ "$(wait_for avatars "$avatar" | jq -r .status)" = succeeded ]

echo "== the pose generation"
body=$(jq -nc --arg avatar "$avatar" --argjson poses "$poses" '{avatar_id: $avatar, poses: $poses, variations: 1, export_formats: ["instagram_feed"]}')
id=$(curl -sS --fail-with-body "${auth[@]}" "${json[@]}" -H "Idempotency-Key: pgen-$(date +%s)-$$" -d "$body" "$BASE/v1/pose_generations" | jq -r .id)
job=$(wait_for pose_generations "$id")
echo "$job" | jq -c '{id, status, credits, error}'
echo "$job" | jq -r '.items[] | "item \(.index)\t\(.pose_id)\t\(.status)\t\(.error.code // "")"'
echo "$job" | jq -r '.outputs[] | "\(.filename)\t\(.url)"'
[ "$(echo "$job" | jq -r .status)" = succeeded ]
