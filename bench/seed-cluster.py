#!/usr/bin/env python3
"""Registers a bench user on a running node and creates N codes, retrying what a busy cluster
answers with 401 (login before the user directory caught up) or 503; writes OUT/token, OUT/codes.
Usage: seed-cluster.py BASE_URL N OUT_DIR"""
import json, os, sys, time, urllib.request, urllib.error, random

base, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)

def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
    except OSError:
        return 0, None

def retry(fn, ok, what):
    deadline = time.time() + 90
    while time.time() < deadline:
        status, body = fn()
        if status in ok:
            return body
        time.sleep(0.5)
    sys.exit("could not " + what)

email = "bench-%d-%d@bench.example" % (time.time(), random.randrange(10**6))
password = "bench-password-%d" % random.randrange(10**9)
retry(lambda: call("POST", "/api/v1/auth/register", {"email": email, "password": password, "displayName": "Bench"}),
      (201, 409), "register")
token = retry(lambda: call("POST", "/api/v1/auth/login", {"email": email, "password": password}),
              (200,), "log in")["accessToken"]
open(os.path.join(out, "token"), "w").write(token)
with open(os.path.join(out, "codes"), "w") as codes:
    for i in range(n):
        body = retry(lambda: call("POST", "/api/v1/qr", {"target": "https://example.com/landing/%d" % i}, token),
                     (201,), "create a code")
        codes.write(body["code"] + "\n")
print(out)
