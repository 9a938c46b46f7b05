#!/usr/bin/env python3
"""Total scans the analytics service counted for the bench user's codes (all of them, from two
days back to now), read from GET /api/v1/analytics/summary.

Usage: analytics-total.py PORT TOKEN_FILE"""
import datetime, http.client, json, sys

port, token = int(sys.argv[1]), open(sys.argv[2]).read().strip()
since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=2)).strftime("%Y-%m-%d")
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
conn.request("GET", "/api/v1/analytics/summary?granularity=day&from=" + since,
             headers={"Authorization": "Bearer " + token})
r = conn.getresponse(); body = r.read()
if r.status != 200:
    sys.exit("analytics summary answered %d: %s" % (r.status, body[:200]))
print(json.loads(body)["totals"]["scans"])
