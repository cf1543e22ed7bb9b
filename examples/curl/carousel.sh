#!/usr/bin/env bash
# A carousel with curl and jq: upload photos, quote, create, wait (long-poll), list the slides.
#   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=http://localhost:8080] examples/curl/carousel.sh photo-1.jpg photo-2.jpg [photo-3.jpg …]
set -euo pipefail
: "${LUMIKU_API_KEY:?set LUMIKU_API_KEY (npm start prints one)}"
BASE="${LUMIKU_BASE_URL:-http://localhost:8080}"
auth=(-H "Authorization: Bearer $LUMIKU_API_KEY")
[ "$#" -ge 2 ] || { echo "usage: $0 photo-1.jpg photo-2.jpg [more photos]" >&2; exit 2; }

echo "== upload $# photos"
ids=()
for photo in "$@"; do ids+=("$(curl -sS --fail-with-body "${auth[@]}" -F "file=@$photo" "$BASE/v1/files" | jq -r .id)"); done
images=$(printf '%s\n' "${ids[@]}" | jq -R . | jq -sc .)

body=$(jq -nc --argjson images "$images" '{
  slides: [
    {images: $images, texts: ["Summer sale", "New drop"]},
    {images: $images[-1:], texts: ["Only this week"]}
  ],
  sets: 3, selection: "round_robin", aspect_ratio: "4:5", format: "jpeg", zip: true,
  text_style: {weight: "bold", color: "#ffffff", background_color: "#000000", background_opacity: 0.5}
}')

echo "== quote"
curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -d "$body" "$BASE/v1/carousels?dry_run=true" | jq -c '{total, unit, quantity}'

echo "== create (the idempotency key makes a retry of this exact request safe)"
job=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: carousel-$(date +%s)-$$" -d "$body" "$BASE/v1/carousels")
id=$(echo "$job" | jq -r .id)
echo "$job" | jq -c '{id, status, credits}'

echo "== wait (each request holds up to 60 s)"
until
  job=$(curl -sS --fail-with-body "${auth[@]}" "$BASE/v1/carousels/$id?wait=60")
  [[ "$(echo "$job" | jq -r .status)" =~ ^(succeeded|failed|canceled)$ ]]
do :; done
echo "$job" | jq -c '{id, status, credits, error}'
echo "$job" | jq -r '.outputs[] | "\(.role)\t\(.filename)\t\(.url)"'
[ "$(echo "$job" | jq -r .status)" = succeeded ]
