#!/usr/bin/env bash
# One video or image to every social format with curl and jq: upload, quote, create, wait, list the files.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=http://localhost:8080] examples/curl/reformat.sh clip.mp4|photo.jpg
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
[ "$#" -ge 1 ] || { echo "usage: $0 clip.mp4|photo.jpg" >&2; exit 2; }

source_id=$(curl -sS --fail-with-body "${auth[@]}" -F "file=@$1" "$BASE/v1/files" | jq -r .id)
body=$(jq -nc --arg id "$source_id" '{
  file_id: $id,
  targets: [
    {aspect_ratio: "9:16", fit: "crop", anchor: "smart"},
    {aspect_ratio: "1:1", fit: "blur_fill"},
    {aspect_ratio: "4:5", fit: "pad", color: "#FFFFFF"},
    {width: 1200, height: 630}
  ]
}')

echo "== quote"
curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -d "$body" "$BASE/v1/reformats?dry_run=true" | jq -c '{total, unit, quantity}'

echo "== create"
id=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: reformat-$(date +%s)-$$" -d "$body" "$BASE/v1/reformats" | jq -r .id)
echo "$id"

echo "== wait"
until
  job=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/reformats/$id?wait=60")
  [[ "$(echo "$job" | jq -r .status)" =~ ^(succeeded|failed|canceled)$ ]]
do :; done
echo "$job" | jq -c '{id, status, credits, error}'
echo "$job" | jq -r '.outputs[] | "\(.role)\t\(.filename)\t\(.metadata.width // "")x\(.metadata.height // "")\t\(.bytes) bytes\t\(.url)"'
[ "$(echo "$job" | jq -r .status)" = succeeded ]
