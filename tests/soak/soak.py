#!/usr/bin/env python3
"""Soak test (issue #8): a mixed load across every front end for a fixed time against a running
gatehouse, sampling the server's RSS every second, then reporting the RSS slope and any failed
calls. Loopback only; bounded in time and in threads.

    python3 tests/soak/soak.py --base http://127.0.0.1:8080 --pid PID --seconds 600

The server needs GATEHOUSE_RATE_LIMIT=off and a Root login (--login/--password).
"""

import argparse
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ECG = "/v4.1/prod/ECGridOS.asmx"


def call(base, method, path, body=None, headers=None, form=None):
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def soap(base, op, fields, v12=False):
    params = "".join(f"<{k}>{v}</{k}>" for k, v in fields)
    ns = "http://www.w3.org/2003/05/soap-envelope" if v12 else "http://schemas.xmlsoap.org/soap/envelope/"
    env = (f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{ns}"><soap:Body>'
           f'<{op} xmlns="https://os.ecgrid.io/">{params}</{op}></soap:Body></soap:Envelope>')
    ct = "application/soap+xml; charset=utf-8" if v12 else "text/xml; charset=utf-8"
    req = urllib.request.Request(base + ECG, data=env.encode(), headers={"content-type": ct}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--login", default="root")
    ap.add_argument("--password", default="Root#pass1")
    ap.add_argument("--json", help="write the report here as JSON")
    a = ap.parse_args()

    status, body = call(a.base, "POST", "/v2/auth/login", {"login": a.login, "password": a.password})
    assert status == 200, body
    root = json.loads(body)["data"]["token"]
    auth = {"authorization": f"Bearer {root}"}
    users = []
    for i in range(a.threads):
        name = f"soak{i}_{int(time.time())}"
        status, body = call(a.base, "POST", "/v2/users", {"login": name, "password": "Soak#pass1",
                                                          "email": f"{name}@example.com"}, auth)
        assert status == 200, body
        users.append((name, json.loads(body)["data"]["userId"]))

    stop = time.time() + a.seconds
    counts = {"ok": 0, "failed": 0}
    failures = []
    lock = threading.Lock()

    def worker(name, uid):
        n = 0
        while time.time() < stop:
            n += 1
            step = n % 8
            if step == 0:
                s, b = call(a.base, "POST", "/v2/auth/login", {"login": name, "password": "Soak#pass1"})
                ok = s == 200
            elif step == 1:
                s, b = call(a.base, "GET", "/v2/users/me", headers=auth)
                ok = s == 200
            elif step == 2:
                s, b = call(a.base, "PUT", "/v2/users", {"userId": uid, "firstName": str(n)}, auth)
                ok = s == 200
            elif step == 3:
                s, b = call(a.base, "POST", f"/v2/users/reset/{uid}", None, auth)
                ok = s == 200
            elif step == 4:
                s, b = call(a.base, "POST", "/api/admin.users.session.reset", headers=auth, form={"user_id": f"W{uid}", "mobile_only": "true"})
                ok = s == 200 and json.loads(b).get("ok") is True
            elif step == 5:
                s, b = soap(a.base, "UserReset", [("SessionID", "ghk_invalid"), ("UserID", uid)])
                ok = s == 500 and b"Authentication" in b  # an expected fault, exercised on purpose
            elif step == 6:
                s, b = soap(a.base, "Version", [], v12=True)
                ok = s == 200
            else:
                s, b = call(a.base, "GET", "/v2/audit?limit=20", headers=auth)
                ok = s == 200
            with lock:
                counts["ok" if ok else "failed"] += 1
                if not ok and len(failures) < 10:
                    failures.append((step, s, b[:200].decode(errors="replace")))

    threads = [threading.Thread(target=worker, args=u, daemon=True) for u in users]
    for t in threads:
        t.start()
    samples = []
    start = time.time()
    while time.time() < stop:
        samples.append((time.time() - start, rss_kib(a.pid)))
        time.sleep(1)
    for t in threads:
        t.join(timeout=20)

    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_r = sum(r for _, r in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples) or 1.0
    slope = sum((t - mean_t) * (r - mean_r) for t, r in samples) / var  # KiB per second
    half = samples[n // 2:]
    report = {
        "seconds": a.seconds, "threads": a.threads, "calls_ok": counts["ok"], "calls_failed": counts["failed"],
        "rss_first_kib": samples[0][1], "rss_last_kib": samples[-1][1], "rss_max_kib": max(r for _, r in samples),
        "rss_slope_kib_per_min": round(slope * 60, 1),
        "rss_second_half_slope_kib_per_min": round(
            (half[-1][1] - half[0][1]) / max(half[-1][0] - half[0][0], 1) * 60, 1) if len(half) > 1 else 0.0,
        "failures": failures,
    }
    print(json.dumps(report, indent=2))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0 if counts["failed"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
