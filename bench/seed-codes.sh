#!/usr/bin/env bash
# Register a bench user on a running node and create N QR codes; prints the token file and codes file.
# Usage: seed-codes.sh [BASE_URL] [N] [OUT_DIR]
set -euo pipefail
BASE=${1:-http://127.0.0.1:3000}; N=${2:-200}; OUT=${3:-$(mktemp -d)}
mkdir -p "$OUT"
EMAIL="bench-$(date +%s%N)@bench.example"; PASSWORD="bench-password-$RANDOM$RANDOM"
json() { python3 -c "import json,sys;print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
curl -sf -X POST "$BASE/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"displayName\":\"Bench\"}" >/dev/null
TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | json accessToken)
echo "$TOKEN" > "$OUT/token"
echo "$EMAIL" > "$OUT/email"; echo "$PASSWORD" > "$OUT/password"
: > "$OUT/codes"
for i in $(seq 1 "$N"); do
  curl -sf -X POST "$BASE/api/v1/qr" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
    -d "{\"target\":\"https://example.com/landing/$i\",\"title\":\"bench $i\"}" | json code >> "$OUT/codes"
done
echo "$OUT"
