#!/usr/bin/env python3
"""Retention soak (issue #18): N logins against one SQLite gatehouse with cheap hashes and
short sessions, with the background purge on or off, sampling the session table's row count
and the database size (main file + WAL) as it goes. Not in CI; the numbers are reported, not
asserted.

  bench/soak/run.py --logins 1000000 --purge on  --binary target/release/gatehouse
  bench/soak/run.py --logins 1000000 --purge off --binary target/release/gatehouse

Sessions live SOAK_SESSION_SECS (default 60) and dead ones are purged after a 10 s grace,
every 5 s, so with purging the table should level off near (login rate x (60 + 10 + 5)) rows;
without purging it grows by one row a login.
"""
import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "Soak#pass1"
USERS = 16


def wait_listening(proc):
    for line in proc.stderr:
        m = re.search(r"127\.0\.0\.1:\d+", line)
        if "gatehouse listening" in line and m:
            return m.group(0)
    raise SystemExit("the server exited before listening")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--logins", type=int, default=1_000_000)
    ap.add_argument("--purge", choices=["on", "off"], default="on")
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "..", "target", "release", "gatehouse"))
    ap.add_argument("--segment", type=int, default=30, help="seconds of load between samples")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--out", help="write the samples as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep the database directory afterwards")
    args = ap.parse_args()
    session_secs = int(os.environ.get("SOAK_SESSION_SECS", "60"))
    # SOAK_DIR=/dev/shm keeps fsync off the disk: the soak is about rows and bytes, not speed.
    work = tempfile.mkdtemp(prefix="gatehouse-soak-", dir=os.environ.get("SOAK_DIR"))
    db = os.path.join(work, "soak.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_")}
    env.update({
        "GATEHOUSE_LISTEN": "127.0.0.1:0",
        "GATEHOUSE_DATABASE_URL": f"sqlite://{db}",
        "GATEHOUSE_BOOTSTRAP_LOGIN": "root",
        "GATEHOUSE_BOOTSTRAP_PASSWORD": PASSWORD,
        "GATEHOUSE_ARGON2_MEMORY_KIB": "8",
        "GATEHOUSE_ARGON2_ITERATIONS": "1",
        "GATEHOUSE_RATE_LIMIT": "off",
        "GATEHOUSE_LOG_FORMAT": "json",
        "RUST_LOG": "warn,gatehouse_server::app=info,gatehouse_server::retention=info",
        "GATEHOUSE_SESSION_MAX_SECS": str(session_secs),
        "GATEHOUSE_SESSION_IDLE_SECS": str(session_secs),
        "GATEHOUSE_TOKEN_TTL_SECS": str(session_secs),
        "GATEHOUSE_SESSION_PURGE_GRACE_SECS": "10",
        # Off: the first run is at start, the next in 30 years.
        "GATEHOUSE_PURGE_INTERVAL_SECS": "5" if args.purge == "on" else str(30 * 365 * 86400),
    })
    server = subprocess.Popen([args.binary, "serve"], cwd=work, env=env, stderr=subprocess.PIPE, text=True)
    try:
        addr = wait_listening(server)
        log = open(os.path.join(work, "server.log"), "w")
        threading.Thread(target=lambda: [log.write(line) for line in server.stderr], daemon=True).start()
        base = f"http://{addr}"
        logins = [f"soak{i}" for i in range(USERS)]
        for login in logins:
            subprocess.run([args.binary, "users", "create", "--login", login, "--email", f"{login}@example.com",
                            "--level", "MailboxUser"], input=PASSWORD + "\n", text=True, env=env, cwd=work,
                           check=True, capture_output=True)
        samples, done, bad, started = [], 0, 0, time.time()
        reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

        def sample():
            rows = reader.execute("SELECT count(*) FROM sessions").fetchone()[0]
            audit = reader.execute("SELECT count(*) FROM audit_events").fetchone()[0]
            size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
            metrics = urllib.request.urlopen(f"{base}/metrics").read().decode()
            purged = sum(float(v) for v in re.findall(r'gatehouse_purged_rows_total\{table="sessions"\} (\S+)', metrics))
            s = {"elapsed_s": round(time.time() - started, 1), "logins": done, "session_rows": rows,
                 "audit_rows": audit, "db_bytes": size, "purged_sessions": int(purged)}
            samples.append(s)
            print(json.dumps(s), flush=True)

        sample()
        wrk_env = dict(env, SOAK_LOGINS=",".join(logins), SOAK_PASSWORD=PASSWORD)
        while done < args.logins:
            out = subprocess.run(["wrk", "-t1", f"-c{args.connections}", f"-d{args.segment}s", "--timeout", "10s",
                                  "-s", os.path.join(HERE, "login.lua"), base],
                                 env=wrk_env, capture_output=True, text=True, check=True).stdout
            m = re.search(r"^SOAK (\{.*\})$", out, re.M)
            counts = json.loads(m.group(1))
            done += counts["ok"]
            bad += counts["bad"]
            sample()
        elapsed = time.time() - started
        try:  # where the bytes are: sessions vs audit events (dbstat is compiled into most builds)
            by_table = dict(reader.execute(
                "SELECT CASE WHEN name LIKE 'session%' OR name = 'sqlite_autoindex_sessions_1' THEN 'sessions' "
                "WHEN name LIKE 'audit%' THEN 'audit_events' ELSE 'other' END, sum(pgsize) FROM dbstat GROUP BY 1"))
        except sqlite3.OperationalError:
            by_table = {}
        summary = {"purge": args.purge, "logins": done, "failed": bad, "elapsed_s": round(elapsed, 1),
                   "logins_per_s": round(done / elapsed, 1), "session_secs": session_secs,
                   "bytes_by_table": by_table, "samples": samples}
        print(json.dumps({k: v for k, v in summary.items() if k != "samples"}), flush=True)
        if args.out:
            with open(args.out, "w") as f:
                json.dump(summary, f, indent=1)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"database kept in {work}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
