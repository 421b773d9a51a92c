"""bench/run's driver: every SPEC §8 figure on SQLite and PostgreSQL, then one table."""

import datetime
import os
import signal
import subprocess
import sys
import time
import types
import urllib.parse

from . import machine, procs, report, special, throughput

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _int(name, default):
    return int(os.environ.get(name, default))


def config():
    run_id = os.environ.get("BENCH_RUN_ID", str(os.getpid()))
    return types.SimpleNamespace(
        binary=os.environ.get("BENCH_BINARY", os.path.join(ROOT, "target", "release", "gatehouse")),
        work=os.environ["BENCH_WORK"],
        run_id=run_id,
        # Loopback: TLS would only measure encryption the server never needs here.
        pg_url=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"),
        backends=os.environ.get("BENCH_BACKENDS", "sqlite,postgres").split(","),
        parts=os.environ.get("BENCH_ONLY", "throughput,reset,rss,revocation").split(","),
        cores=os.cpu_count() or 2,
        duration=_int("BENCH_DURATION", 5),
        warmup=_int("BENCH_WARMUP", 1),
        connections=_int("BENCH_CONNECTIONS", 16),
        storm_read_connections=_int("BENCH_STORM_READ_CONNECTIONS", 4),
        hash_seconds=_int("BENCH_HASH_SECONDS", 3),
        rounds=_int("BENCH_ROUNDS", 3),
        rss_sessions=_int("BENCH_RSS_SESSIONS", 100_000),
        rss_users=_int("BENCH_RSS_USERS", 1000),
        rss_backends=os.environ.get("BENCH_RSS_BACKENDS", "sqlite").split(","),
        reset_sessions=_int("BENCH_RESET_SESSIONS", 10_000),
        reset_runs=_int("BENCH_RESET_RUNS", 5),
        revocation_rounds=_int("BENCH_REVOCATION_ROUNDS", 100),
        revocation_cap_seconds=_int("BENCH_REVOCATION_CAP_SECONDS", 60),
        seed_cap_seconds=_int("BENCH_SEED_CAP_SECONDS", 180),
    )


class Databases:
    """PostgreSQL databases of this run, named gh_bench_<run id>_<phase>, dropped after use."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.url = urllib.parse.urlsplit(cfg.pg_url)

    def _sql(self, statement):
        subprocess.run(["psql", self.cfg.pg_url, "-qAt", "-c", statement], check=True, capture_output=True, timeout=60)

    def create(self, phase):
        name = f"gh_bench_{self.cfg.run_id}_{phase}"
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._sql(f'CREATE DATABASE "{name}"')
        return name, urllib.parse.urlunsplit(self.url._replace(path=f"/{name}"))

    def drop(self, name):
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backend_env(cfg, dbs, backend, phase):
    """Environment naming a fresh database for one phase, and how to drop it."""
    if backend == "sqlite":
        path = os.path.join(cfg.work, f"{phase}.db")
        return {"_name": backend, "GATEHOUSE_DATABASE_URL": f"sqlite://{path}"}, lambda: None
    name, url = dbs.create(phase)
    return {"_name": backend, "GATEHOUSE_DATABASE_URL": url}, lambda: dbs.drop(name)


def log(message):
    print(message, flush=True)


def phase(cfg, dbs, backend, name, fn):
    env, drop = backend_env(cfg, dbs, backend, name)
    try:
        return fn(cfg, env, log)
    finally:
        drop()


def run_throughput(cfg, env, _log):
    clean = {k: v for k, v in env.items() if not k.startswith("_")}
    server = procs.Server(cfg.binary, f"throughput-{env['_name']}", cfg.work, {**clean, **special.BOOTSTRAP})
    rate = {}

    def measure_hash_rate():
        r = special.hash_rate(cfg, cfg.hash_seconds)
        rate.setdefault("runs", []).append(r)
        log(f"  raw argon2id  {r['per_second']:>9.1f} verifications/s (gatehouse bench-hash, server idle)")

    try:
        server.start()
        results = throughput.run(server, cfg, log, measure_hash_rate)
    finally:
        server.stop()
    # The machine's speed drifts (shared host); the reference is the mean of the measurements
    # taken between the login rounds.
    runs = rate["runs"]
    rate.update({k: runs[0][k] for k in ("memory_kib", "iterations", "parallelism", "threads")})
    rate["per_second"] = sum(r["per_second"] for r in runs) / len(runs)
    return results, rate


def loadavg():
    with open("/proc/loadavg", encoding="utf-8") as f:
        return " ".join(f.read().split()[:3])


def wait_for_quiet(limit):
    """Wait up to `limit` seconds for the 1-minute load average to fall below 1 (other work
    on the machine skews every figure); return the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < limit and float(loadavg().split()[0]) >= 1.0:
        time.sleep(5)
    return round(time.monotonic() - started)


def main():
    cfg = config()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    waited = wait_for_quiet(_int("BENCH_QUIET_WAIT", 30))
    if waited:
        log(f"waited {waited}s for the machine to quieten (load average now {loadavg()})")
    started = time.monotonic()
    stamp = datetime.datetime.now(datetime.timezone.utc)
    dbs = Databases(cfg)
    results = {
        "started": stamp.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine.details(ROOT, cfg.pg_url),
        "config": {k: v for k, v in vars(cfg).items() if k not in ("work", "binary", "pg_url")},
        "hash_rate": {},
        "throughput": {},
        "reset_scaling": {},
        "rss": {},
    }
    log(f"machine: {results['machine']['cores']} cores, {results['machine']['cpu']}; {results['machine']['rustc']}")
    if "throughput" in cfg.parts:
        for backend in cfg.backends:
            log(f"[{backend}] throughput scenarios")
            tp, rate = phase(cfg, dbs, backend, f"tp_{backend}", run_throughput)
            results["throughput"][backend], results["hash_rate"][backend] = tp, rate
    if "reset" in cfg.parts:
        for backend in cfg.backends:
            log(f"[{backend}] reset time, 1 session vs {cfg.reset_sessions}")
            results["reset_scaling"][backend] = phase(cfg, dbs, backend, f"reset_{backend}", special.reset_scaling)
    if "rss" in cfg.parts:
        for backend in [b for b in cfg.rss_backends if b in cfg.backends]:
            log(f"[{backend}] RSS with {cfg.rss_sessions} live sessions")
            results["rss"][backend] = phase(cfg, dbs, backend, f"rss_{backend}", special.rss_sessions)
    if "revocation" in cfg.parts and "postgres" in cfg.backends:
        log("[postgres] revocation across two instances")
        results["revocation"] = phase(cfg, dbs, "postgres", "revocation", special.revocation)
    results["elapsed_seconds"] = time.monotonic() - started
    results["machine"]["load_average_at_end"] = loadavg()
    results["notes"] = notes(cfg)
    out_dir = os.path.join(ROOT, "bench", "results")
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, stamp.strftime("%Y%m%dT%H%M%SZ"))
    text = report.write(results, base + ".md", base + ".json")
    log("")
    log(text)
    log(f"written: {base}.md, {base}.json")
    return 0


def notes(cfg):
    return [
        "Throughput is successful responses per second (wrk's total minus non-2xx and wrong bodies); "
        "p50/p99 are wrk's latency percentiles. Ratios compare figures of the same run and backend.",
        "Seeding is through the public APIs only (POST /v2/users, /v2/auth/login, ECGridOS Login); "
        "users of the throughput scenarios are created at the default argon2id parameters.",
        f"RSS: {cfg.rss_sessions:,} sessions are made by real POST /v2/auth/login calls against a seeding server started "
        "with GATEHOUSE_ARGON2_MEMORY_KIB=8 and GATEHOUSE_ARGON2_ITERATIONS=1 (cheap hashes, seeding only); that server is "
        "stopped, and a server at the default parameters is started on the same database, reads every session once "
        "(GET /v2/users/me with each token), then serves a burst of default-cost logins. The figure is the larger "
        "VmRSS of /proc/<pid>/status after the reads and after the logins.",
        f"Reset scaling: fresh users each run, sessions made by real logins on a cheap-hash server; one timed "
        f"POST /v2/users/reset/{{id}} each, median of {cfg.reset_runs} runs (order alternates).",
        f"JWT reads: {cfg.rounds} runs of {cfg.duration} s, each preceded (and the last also followed) by a "
        f"{cfg.duration} s healthz run; the ceiling is those {cfg.rounds + 1} healthz runs together. Login: {cfg.rounds} "
        f"runs of {cfg.duration} s, each preceded (and the last also followed) by a {cfg.hash_seconds} s raw-hash "
        "measurement on the idle server; the reference is their mean. A figure of several runs has the throughput "
        "over all of them, p50 the median and p99 the largest of the runs' figures.",
        "Reads during a login storm: the login scenario's load runs throughout while "
        f"{cfg.storm_read_connections} other connections read GET /v2/users/me.",
    ]


if __name__ == "__main__":
    sys.exit(main())
