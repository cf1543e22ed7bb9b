#!/usr/bin/env bash
# A seamless loop with curl and jq: upload a clip (and optional music), create, wait, print the result.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] examples/curl/loop.sh clip.mp4 [music.mp3] [seconds]
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
[ "$#" -ge 1 ] || { echo "usage: $0 clip.mp4 [music.mp3] [seconds]" >&2; exit 2; }
upload() { curl -sS --fail-with-body "${auth[@]}" -F "file=@$1" "$BASE/v1/files" | jq -r .id; }

clip=$(upload "$1")
layers='[]'
if [ -n "${2:-}" ]; then layers=$(jq -nc --arg id "$(upload "$2")" '[{file_id: $id, volume: 60, fade_in_seconds: 0.5}]'); fi
body=$(jq -nc --arg clip "$clip" --argjson layers "$layers" --argjson seconds "${3:-3}" \
  '{file_id: $clip, duration_seconds: $seconds, style: "crossfade", crossfade_seconds: 0.3, audio_layers: $layers, fade_out_seconds: 0.5}')

echo "== create"
id=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: loop-$(date +%s)-$$" -d "$body" "$BASE/v1/loops" | jq -r .id)
echo "$id"

echo "== wait"
until
  job=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/loops/$id?wait=60")
  [[ "$(echo "$job" | jq -r .status)" =~ ^(succeeded|failed|canceled)$ ]]
do :; done
echo "$job" | jq -c '{id, status, credits, error}'
echo "$job" | jq -r '.outputs[] | "\(.role)\t\(.filename)\t\(.bytes) bytes\t\(.url)"'
[ "$(echo "$job" | jq -r .status)" = succeeded ]
