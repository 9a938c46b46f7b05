#!/usr/bin/env python3
"""Figures of one fault scenario from a scan-load.py summary and the cluster's own answers.

Usage: fault-report.py NAME LOAD_JSON EVENT_EPOCH COUNTED_BEFORE PORT TOKEN_FILE CODES_FILE [SHARE]
Prints one table row: served, counted, lost, errors, recovery, acknowledged writes kept.
SHARE is the fraction of shards the failed node held (for the unflushed-batch bound).
"""
import http.client, json, sys, time

name, load_file, event, before, port, token_file, codes_file = sys.argv[1:8]
share = float(sys.argv[8]) if len(sys.argv) > 8 else 0.0
load = json.load(open(load_file)); event = float(event); before = int(before); port = int(port)
token = open(token_file).read().strip()
codes = [c.strip() for c in open(codes_file) if c.strip()]
auth = {"Authorization": "Bearer " + token}

def get(path):
    for attempt in range(20):  # a busy node may answer 503 (ask timeout); ask again
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            conn.request("GET", path, headers=auth)
            r = conn.getresponse(); body = r.read(); conn.close()
            if r.status != 503:
                return r.status, body
        except OSError:
            pass
        time.sleep(0.5)
    return 503, b""

def counted():
    total = 0
    for c in codes:
        status, body = get("/api/v1/qr/%s/stats" % c)
        if status != 200:
            return None
        total += json.loads(body)["totalScans"]
    return total

served = sum(load["served"].values())
# Scans reach their entities within the edge buffer (20 ms) plus delivery; wait until stable.
deadline = time.time() + 60; after = None; last = None
while time.time() < deadline:
    after = counted()
    if after is not None and after == last and after - before >= served:
        break
    if after is not None and after == last:
        time.sleep(2)  # stable twice in a row: what is missing is lost
        if counted() == after:
            break
    last = after; time.sleep(1)
got = (after or 0) - before
lost = served - got
# Requests sent without an answer (timeout, reset) may have been served and counted: counted may
# exceed served by at most that many without any scan being counted twice.
unknown = load.get("outcomes", {}).get("unknown", 0)
errors_by = ", ".join("%s: %d" % kv for kv in sorted(load.get("outcomes", {}).items())
                      if kv[0] not in ("302", "307"))

rows = load["per_second"]; start = load["start"]; ev_sec = int(event - start) if event > 0 else -1
bad = [int(s) for s, (ok, err) in rows.items() if int(s) >= ev_sec >= 0 and err > 0.001 * (ok + err)]
recovery = (max(bad) + 1 - (event - start)) if bad else 0.0
errors = sum(v[1] for v in rows.values()); total = sum(v[0] + v[1] for v in rows.values())
peak_rate = max(v[0] for v in rows.values()) if rows else 0
ok_rate = sum(v[0] for v in rows.values()) / load["seconds"]

# Kept: the target is the last acknowledged one, or one sent after it whose answer never came.
kept_targets = 0
for code, target in load["acked_targets"].items():
    status, body = get("/api/v1/qr/" + code)
    allowed = [target] + load.get("later_targets", {}).get(code, [])
    if status == 200 and json.loads(body)["target"] in allowed:
        kept_targets += 1
kept_creates = sum(1 for c in load["acked_creates"] if get("/api/v1/qr/" + c)[0] == 200)
bound = ok_rate * 1.02 * share
print("| %s | %d | %d | %d | %s | %d (%.3f%%) %s | %.1f s | %d/%d | %d/%d |" % (
    name, served, got, lost, ("≤ ~%d" % bound) if share else "-", errors,
    100.0 * errors / max(1, total), ("[%s]" % errors_by) if errors_by else "", recovery,
    kept_targets, len(load["acked_targets"]), kept_creates, len(load["acked_creates"])))
if lost < 0 and -lost > unknown:
    print("counted more than served plus unanswered requests: a scan counted twice", file=sys.stderr)
