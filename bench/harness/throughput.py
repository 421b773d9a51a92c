"""The throughput scenarios of SPEC §8 on one backend: healthz (the ceiling), authenticated
reads, the three reset front ends, login, and reads during a login storm."""

import concurrent.futures
import time

from . import load
from .api import ECGRIDOS_PATH, Client, soap_envelope, soap_headers

ROOT_LOGIN = "benchroot"
PASSWORD = "Bench#Pass1word"  # every seeded user's password
TARGETS = 64  # users whose sessions the reset scenarios revoke, round-robin
LOGIN_USERS = 16  # users the login scenarios log in as, round-robin
READERS = 16  # users whose credentials the authenticated reads use, round-robin
READER_SESSIONS = 4  # JWTs per reader: reads carry 64 distinct sessions, as many clients would


def seed(server, cfg):
    """Users and credentials through the public APIs: readers (JWTs and API keys), reset
    targets, login users, and the primary owner's REST token and ECGridOS SessionID."""
    c = Client(server.url)
    root = c.login(ROOT_LOGIN, PASSWORD)

    def with_client(fn):
        def run(arg):
            client = Client(server.url)
            try:
                return fn(client, arg)
            finally:
                client.close()

        return run

    make = with_client(lambda client, login: client.create_user(root, login, PASSWORD))
    login = with_client(lambda client, name: client.login(name, PASSWORD))
    key = with_client(lambda client, user: client.call("POST", f"/v2/users/key-generate/{user}", token=root))
    with concurrent.futures.ThreadPoolExecutor(max_workers=cfg.cores) as pool:
        readers = [f"reader{i}" for i in range(READERS)]
        reader_ids = list(pool.map(make, readers))
        targets = list(pool.map(make, [f"target{i}" for i in range(TARGETS)]))
        logins = [f"login{i}" for i in range(LOGIN_USERS)]
        list(pool.map(make, logins))
        reader_jwts = list(pool.map(login, readers * READER_SESSIONS))
        reader_keys = list(pool.map(key, reader_ids))
    seeded = {
        "root_jwt": root,
        "reader_jwts": ",".join(reader_jwts),
        "reader_keys": ",".join(reader_keys),
        "root_soap_sid": c.soap_login(ROOT_LOGIN, PASSWORD),
        "targets": ",".join(str(t) for t in targets),
        "logins": ",".join(logins),
    }
    c.close()
    return seeded


def scenarios(s):
    """(name, label, wrk env) of every throughput scenario, given the seeded credentials."""
    bearer = f"Authorization: Bearer {s['root_jwt']}"
    soap = {}
    for version in ("1.1", "1.2"):
        headers = "\n".join(f"{k}: {v}" for k, v in soap_headers(version, "UserReset").items())
        body = soap_envelope(version, "UserReset", [("SessionID", s["root_soap_sid"]), ("UserID", "{v}")])
        soap[version] = {
            "BENCH_METHOD": "POST",
            "BENCH_PATH": ECGRIDOS_PATH,
            "BENCH_HEADERS": headers,
            "BENCH_BODY": body,
            "BENCH_VARIANTS": s["targets"],
            "BENCH_EXPECT": "<UserResetResult>true</UserResetResult>",
        }
    login_body = '{"login":"{v}","password":"' + PASSWORD + '","clientType":"web"}'
    return [
        ("healthz", "GET /healthz (ceiling)", {"BENCH_PATH": "/healthz"}),
        (
            "me_jwt",
            "GET /v2/users/me, JWT",
            {"BENCH_PATH": "/v2/users/me", "BENCH_HEADERS": "Authorization: Bearer {v}", "BENCH_VARIANTS": s["reader_jwts"]},
        ),
        (
            "session_jwt",
            "POST /v2/auth/session, JWT (authentication alone)",
            {
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/v2/auth/session",
                "BENCH_HEADERS": "Authorization: Bearer {v}",
                "BENCH_VARIANTS": s["reader_jwts"],
            },
        ),
        (
            "me_api_key",
            "GET /v2/users/me, API key",
            {"BENCH_PATH": "/v2/users/me", "BENCH_HEADERS": "X-API-Key: {v}", "BENCH_VARIANTS": s["reader_keys"]},
        ),
        (
            "reset_rest",
            "POST /v2/users/reset/{id}",
            {
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/v2/users/reset/{v}",
                "BENCH_HEADERS": bearer,
                "BENCH_VARIANTS": s["targets"],
                "BENCH_EXPECT": '"success":true',
            },
        ),
        ("reset_soap11", "SOAP 1.1 UserReset", soap["1.1"]),
        ("reset_soap12", "SOAP 1.2 UserReset", soap["1.2"]),
        (
            "reset_slack",
            "POST /api/admin.users.session.reset",
            {
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/api/admin.users.session.reset",
                "BENCH_HEADERS": bearer + "\nContent-Type: application/x-www-form-urlencoded",
                "BENCH_BODY": "user_id=U{v}",
                "BENCH_VARIANTS": s["targets"],
                "BENCH_EXPECT": '"ok":true',
            },
        ),
        (
            "login",
            "POST /v2/auth/login (argon2id defaults)",
            {
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/v2/auth/login",
                "BENCH_HEADERS": "Content-Type: application/json",
                "BENCH_BODY": login_body,
                "BENCH_VARIANTS": s["logins"],
                "BENCH_EXPECT": '"success":true',
            },
        ),
    ]


def run(server, cfg, log, measure_reference):
    """Seed, then run every scenario (a short warm-up, then the measured run) and the storm.
    Each targeted ratio is measured in rounds that alternate with its reference, so both
    figures see the same drift of the machine's speed: JWT reads between healthz runs (the
    ceiling is all of those runs together), login between calls of `measure_reference()`
    (the raw hash rate)."""
    started = time.monotonic()
    seeded = seed(server, cfg)
    log(f"  seeded in {time.monotonic() - started:.1f}s")
    results = {}
    table = scenarios(seeded)
    envs = {name: env for name, _, env in table}
    labels = {name: label for name, label, _ in table}
    ceiling_runs = []

    def show(name, r, extra=""):
        log(f"  {name:<14} {r['rps']:>9.1f} req/s  p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms  errors {r['errors']}{extra}")

    def measure_ceiling():
        r = load.run(server.url, "request.lua", cfg.connections, cfg.duration, envs["healthz"])
        ceiling_runs.append(r)
        show("healthz", r)

    for name, label, env in table:
        load.run(server.url, "request.lua", cfg.connections, cfg.warmup, env)
        if name == "healthz":
            continue  # measured around the JWT read rounds
        if name == "me_jwt":
            r = interleaved(server, cfg, env, measure_ceiling)
            results["healthz"] = {**combined(ceiling_runs), "label": labels["healthz"]}
        elif name == "login":
            r = interleaved(server, cfg, env, measure_reference)
        else:
            r = load.run(server.url, "request.lua", cfg.connections, cfg.duration, env)
        r["label"] = label
        results[name] = r
        show(name, r)
    results["storm_reads"] = r = storm(server, cfg, envs["login"], envs["me_jwt"])
    show("storm reads", r, f"  (logins {r['storm_logins_rps']:.1f}/s)")
    return results


def interleaved(server, cfg, env, measure_reference):
    """`cfg.rounds` runs of `env`, each preceded and the last also followed by
    `measure_reference()`: on a shared host the machine's speed drifts by several percent
    within a minute, and alternating short runs lets both figures see the same drift."""
    runs = []
    for _ in range(cfg.rounds):
        measure_reference()
        runs.append(load.run(server.url, "request.lua", cfg.connections, cfg.duration, env))
    measure_reference()
    return combined(runs)


def combined(runs):
    """Several runs of one load as one figure: throughput over all of them, p50 the median
    of their p50s, p90/p99/max the largest."""
    seconds = sum(r["seconds"] for r in runs)
    good = sum(r["rps"] * r["seconds"] for r in runs)
    p50s = sorted(r["p50_ms"] for r in runs)
    return {
        "connections": runs[0]["connections"],
        "seconds": round(seconds, 2),
        "requests": sum(r["requests"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "rps": round(good / seconds, 1) if seconds else 0.0,
        "p50_ms": p50s[len(p50s) // 2],
        "p90_ms": max(r["p90_ms"] for r in runs),
        "p99_ms": max(r["p99_ms"] for r in runs),
        "max_ms": max(r["max_ms"] for r in runs),
        "rounds": runs,
    }


def storm(server, cfg, login_env, read_env):
    """Authenticated reads measured while a login storm saturates the hasher."""
    storm_seconds = cfg.duration + 2
    logins = load.Load(server.url, "request.lua", cfg.connections, storm_seconds, login_env).start()
    try:
        time.sleep(1)  # let the storm fill the hasher first
        reads = load.run(server.url, "request.lua", cfg.storm_read_connections, cfg.duration, read_env)
    finally:
        storm_result = logins.result()
    reads["label"] = "GET /v2/users/me, JWT, during a login storm"
    reads["storm_logins_rps"] = storm_result["rps"]
    reads["storm_connections"] = cfg.connections
    return reads
