#!/usr/bin/env python3
"""Steady scan load on a set of qrflow edges, like a load balancer in front of them.

Each worker keeps one keep-alive connection per edge and sends GET /r/{code} (random code) to
the edges in turn; an edge that refuses connections is dropped for 30 s, as a health-checked
load balancer (or Kubernetes endpoints) would drop a dead pod. Counts every answer per second (302/307 = ok, anything else or no
answer = error) and the scans each code was served. Alongside, acknowledged writes: one target
change (PATCH) every 200 ms and one new code every 500 ms, remembered only when the node
answered 200/201. Writes a JSON summary to --out.

Usage: scan-load.py --ports 13101,13102 --codes FILE --token FILE --seconds 30 --out FILE
"""
import argparse, http.client, json, random, threading, time

p = argparse.ArgumentParser()
p.add_argument("--ports", required=True)
p.add_argument("--codes", required=True)
p.add_argument("--token", required=True)
p.add_argument("--seconds", type=float, default=30)
p.add_argument("--workers", type=int, default=8)
p.add_argument("--rate", type=float, default=0, help="total scans/s cap (0 = as fast as possible)")
p.add_argument("--writes", type=int, default=1, help="1 = also send acknowledged writes")
p.add_argument("--out", required=True)
a = p.parse_args()

ports = [int(x) for x in a.ports.split(",")]
codes = [c.strip() for c in open(a.codes) if c.strip()]
token = open(a.token).read().strip()
start = time.time()
end = start + a.seconds
down_until = {port: 0.0 for port in ports}
DEAD_PORT_PAUSE = 30
lock = threading.Lock()
per_second = {}          # second -> [ok, err]
outcomes = {}            # "302", "429", "refused", "unknown" (timeout, reset: maybe served) -> n
served = {}              # code -> scans answered 302
acked_targets = {}       # code -> last target acknowledged
later_targets = {}       # code -> targets sent after that without an acknowledgement (may apply)
acked_creates = []       # codes whose creation was acknowledged

def record(ok, code=None, outcome=None):
    sec = int(time.time() - start)
    with lock:
        row = per_second.setdefault(sec, [0, 0])
        row[0 if ok else 1] += 1
        if ok and code is not None:
            served[code] = served.get(code, 0) + 1
        if outcome is not None:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

def live_ports(offset):
    now = time.time()
    order = ports[offset:] + ports[:offset]
    up = [p for p in order if down_until[p] <= now]
    return up or order

def request(conns, port, method, path, body=None, headers=None):
    conn = conns.get(port)
    if conn is None:
        conn = conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, data
    except (OSError, http.client.HTTPException):
        conn.close()
        conns.pop(port, None)
        raise

def scanner(index):
    conns = {}
    turn = index
    interval = a.workers / a.rate if a.rate > 0 else 0
    next_at = time.time()
    while time.time() < end:
        if interval:
            next_at += interval
            delay = next_at - time.time()
            if delay > 0:
                time.sleep(delay)
        turn += 1
        port = live_ports(turn % len(ports))[0]
        code = random.choice(codes)
        try:
            status, _ = request(conns, port, "GET", "/r/" + code)
            record(status in (302, 307), code, str(status))
        except ConnectionRefusedError:
            down_until[port] = time.time() + DEAD_PORT_PAUSE
            record(False, outcome="refused")
        except (OSError, http.client.HTTPException):
            # sent, but no answer: the edge may have served (and counted) it
            down_until[port] = time.time() + DEAD_PORT_PAUSE
            record(False, outcome="unknown")

def writer():
    conns = {}
    n = 0
    auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    update_codes = codes[: max(1, min(20, len(codes)))]
    last_create = 0.0
    while time.time() < end:
        time.sleep(0.2)
        n += 1
        port = live_ports(n % len(ports))[0]
        code = random.choice(update_codes)
        target = "https://example.com/changed/%d" % n
        with lock:
            later_targets.setdefault(code, []).append(target)
        try:
            status, _ = request(conns, port, "PATCH", "/api/v1/qr/" + code,
                                json.dumps({"target": target}), auth)
            if status == 200:
                with lock:
                    acked_targets[code] = target
                    later_targets[code] = []
            if time.time() - last_create >= 0.5:
                last_create = time.time()
                status, body = request(conns, port, "POST", "/api/v1/qr",
                                       json.dumps({"target": "https://example.com/new/%d" % n}), auth)
                if status == 201:
                    with lock:
                        acked_creates.append(json.loads(body)["code"])
        except (OSError, http.client.HTTPException, ValueError):
            down_until[port] = time.time() + DEAD_PORT_PAUSE

threads = [threading.Thread(target=scanner, args=(i,)) for i in range(a.workers)]
if a.writes:
    threads.append(threading.Thread(target=writer))
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"start": start, "seconds": a.seconds, "served": served,
           "per_second": {str(k): v for k, v in sorted(per_second.items())}, "outcomes": outcomes,
           "acked_targets": acked_targets, "later_targets": later_targets,
           "acked_creates": acked_creates}, open(a.out, "w"))
ok = sum(v[0] for v in per_second.values()); err = sum(v[1] for v in per_second.values())
print("scans ok %d, errors %d, %.0f/s" % (ok, err, ok / a.seconds))
