#!/usr/bin/env bash
# A video mix with curl and jq: upload clips, quote, create, wait (long-poll), download the variants.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] examples/curl/video-mix.sh clip-1.mp4 clip-2.mp4 [clip-3.mp4 …]
# Variants are saved into ./video-mix-<id>/.
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
[ "$#" -ge 2 ] || { echo "usage: $0 clip-1.mp4 clip-2.mp4 [more clips]" >&2; exit 2; }

echo "== upload $# clips"
clips='[]'
for clip in "$@"; do
  id=$(curl -sS --fail-with-body "${auth[@]}" -F "file=@$clip" "$BASE/v1/files" | jq -r .id)
  clips=$(echo "$clips" | jq -c --arg id "$id" '. + [{file_id: $id}]')
done

body=$(jq -nc --argjson clips "$clips" '{clips: $clips, variants: 2, order: "shuffle", aspect_ratio: "9:16", resolution: "480p", seed: 7}')

echo "== quote"
curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -d "$body" "$BASE/v1/video_mixes?dry_run=true" | jq -c '{total, unit_price, quantity}'

echo "== create"
id=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: vmix-$(date +%s)-$$" -d "$body" "$BASE/v1/video_mixes" | jq -r .id)
echo "$id"

echo "== wait"
until
  job=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/video_mixes/$id?wait=60")
  [[ "$(echo "$job" | jq -r .status)" =~ ^(succeeded|failed|canceled)$ ]]
do echo "   $(echo "$job" | jq -r '"\(.status) \(.progress.fraction * 100 | floor)%"')"; done
echo "$job" | jq -c '{id, status, credits, error}'
[ "$(echo "$job" | jq -r .status)" = succeeded ]

echo "== download the variants (signed URLs need no key)"
mkdir -p "video-mix-$id"
echo "$job" | jq -r '.outputs[] | select(.role == "variant") | "\(.filename)\t\(.url)"' | while IFS=$'\t' read -r name url; do
  curl -sS --fail-with-body -o "video-mix-$id/$name" "$url"
  echo "   video-mix-$id/$name ($(wc -c < "video-mix-$id/$name") bytes)"
done
