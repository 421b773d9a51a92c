"""The figures that are not plain throughput (SPEC §8): the raw argon2id rate, RSS with 100k
live sessions, reset time for 1 versus 10k sessions, and revocation across two instances."""

import concurrent.futures
import os
import statistics
import time

from . import load, procs
from .api import Client
from .throughput import PASSWORD, ROOT_LOGIN

# Seeding-only hasher: the cheapest argon2id parameters, so 100k logins take seconds. Sessions
# are still made by the real login endpoint; only the password hashes are cheap.
CHEAP_ARGON2 = {"GATEHOUSE_ARGON2_MEMORY_KIB": "8", "GATEHOUSE_ARGON2_ITERATIONS": "1"}
BOOTSTRAP = {"GATEHOUSE_BOOTSTRAP_LOGIN": ROOT_LOGIN, "GATEHOUSE_BOOTSTRAP_PASSWORD": PASSWORD}


def hash_rate(cfg, seconds):
    """`gatehouse bench-hash`: the real PasswordHasher at the default parameters, one loop per core."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_ARGON2_")}
    return procs.run_json([cfg.binary, "bench-hash", "--seconds", str(seconds)], env=env)


def create_users(url, root, logins, workers):
    def make(login):
        c = Client(url)
        try:
            return c.create_user(root, login, PASSWORD)
        finally:
            c.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(make, logins))


def done_file(cfg):
    """A fresh path for a script's "count reached" marker."""
    done_file.n = getattr(done_file, "n", 0) + 1
    return os.path.join(cfg.work, f"done-{done_file.n}")


def seed_sessions(url, logins, count, cfg, tokens_out=None):
    """`count` sessions through POST /v2/auth/login (wrk, round-robin over `logins`)."""
    env = {
        "BENCH_LOGINS": ",".join(logins),
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_COUNT": count,
        "BENCH_DONE_FILE": done_file(cfg),
    }
    if tokens_out:
        env["BENCH_TOKENS_OUT"] = tokens_out
    r = load.run(url, "seed_login.lua", cfg.connections, cfg.seed_cap_seconds, env)
    return r


def rss_sessions(cfg, db_env, log):
    """RSS of a default-configured server after every one of `cfg.rss_sessions` live sessions
    made one authenticated read, and again after a burst of default-cost logins."""
    out = {"sessions_wanted": cfg.rss_sessions, "users": cfg.rss_users}
    tokens = os.path.join(cfg.work, f"tokens-{db_env['_name']}.txt")
    env = {k: v for k, v in db_env.items() if not k.startswith("_")}
    seeder = procs.Server(cfg.binary, f"rss-seed-{db_env['_name']}", cfg.work, {**env, **BOOTSTRAP, **CHEAP_ARGON2})
    try:
        seeder.start()
        c = Client(seeder.url)
        root = c.login(ROOT_LOGIN, PASSWORD)
        logins = [f"rss{i}" for i in range(cfg.rss_users)]
        create_users(seeder.url, root, logins, 4)
        started = time.monotonic()
        r = seed_sessions(seeder.url, logins, cfg.rss_sessions, cfg, tokens)
        out["seed_seconds"] = round(time.monotonic() - started, 1)
        out["seed_logins_per_second"] = r["rps"]
        c.close()
    finally:
        seeder.stop()
    with open(tokens, encoding="utf-8") as f:
        out["sessions_seeded"] = sum(1 for line in f if line.strip())
    log(f"  seeded {out['sessions_seeded']} sessions in {out['seed_seconds']}s (cheap argon2, then restarted at defaults)")
    server = procs.Server(cfg.binary, f"rss-{db_env['_name']}", cfg.work, env)
    try:
        server.start()
        out["rss_idle_kib"] = server.memory()["VmRSS"]
        touch = load.run(
            server.url,
            "tokens.lua",
            cfg.connections,
            cfg.seed_cap_seconds,
            {"BENCH_TOKENS_FILE": tokens, "BENCH_DONE_FILE": done_file(cfg)},
        )
        out["touch"] = touch
        out["rss_after_reads_kib"] = server.memory()["VmRSS"]
        logins = {
            "BENCH_METHOD": "POST",
            "BENCH_PATH": "/v2/auth/login",
            "BENCH_HEADERS": "Content-Type: application/json",
            "BENCH_BODY": '{"login":"{v}","password":"' + PASSWORD + '"}',
            "BENCH_VARIANTS": ",".join(f"rss{i}" for i in range(cfg.connections)),
            "BENCH_EXPECT": '"success":true',
        }
        burst = load.run(server.url, "request.lua", cfg.connections, cfg.duration, logins)
        out["login_burst"] = burst
        mem = server.memory()
        out["rss_after_logins_kib"] = mem["VmRSS"]
        out["hwm_kib"] = mem["VmHWM"]
    finally:
        server.stop()
    out["rss_kib"] = max(out["rss_after_reads_kib"], out["rss_after_logins_kib"])
    log(
        f"  RSS idle {out['rss_idle_kib'] / 1024:.1f} MiB, after {touch['requests']} reads "
        f"{out['rss_after_reads_kib'] / 1024:.1f} MiB, after {burst['requests']} default-cost logins "
        f"{out['rss_after_logins_kib'] / 1024:.1f} MiB (peak {out['hwm_kib'] / 1024:.1f} MiB)"
    )
    return out


def reset_scaling(cfg, db_env, log):
    """Median time of POST /v2/users/reset/{id} for a user with 1 session and one with 10k,
    on fresh users each run (so earlier runs' revoked rows do not count)."""
    env = {k: v for k, v in db_env.items() if not k.startswith("_")}
    server = procs.Server(cfg.binary, f"reset-{db_env['_name']}", cfg.work, {**env, **BOOTSTRAP, **CHEAP_ARGON2})
    one, many, counts = [], [], []
    try:
        server.start()
        c = Client(server.url)
        root = c.login(ROOT_LOGIN, PASSWORD)
        for run in range(cfg.reset_runs):
            single, crowd = f"one{run}", f"many{run}"
            single_id, crowd_id = create_users(server.url, root, [single, crowd], 2)
            c.login(single, PASSWORD)
            seed_sessions(server.url, [crowd], cfg.reset_sessions, cfg)
            live = c.call("GET", f"/v2/users/{crowd_id}/sessions", token=root)
            counts.append(len(live))
            c.call("GET", "/v2/users/me", token=root)  # settle: one unrelated request first
            pair = [(single_id, one), (crowd_id, many)]
            for user_id, times in pair if run % 2 == 0 else reversed(pair):
                times.append(c.reset(root, user_id))
            if c.call("GET", f"/v2/users/{crowd_id}/sessions", token=root):
                raise RuntimeError("a reset left live sessions")
        c.close()
    finally:
        server.stop()
    out = {
        "runs": cfg.reset_runs,
        "sessions": counts,
        "one_ms": [round(t * 1000, 2) for t in one],
        "many_ms": [round(t * 1000, 2) for t in many],
        "one_median_ms": round(statistics.median(one) * 1000, 2),
        "many_median_ms": round(statistics.median(many) * 1000, 2),
    }
    out["ratio"] = round(out["many_median_ms"] / out["one_median_ms"], 2)
    log(
        f"  reset 1 session {out['one_median_ms']} ms, {min(counts)}+ sessions {out['many_median_ms']} ms "
        f"(median of {cfg.reset_runs}): {out['ratio']}x"
    )
    return out


def revocation(cfg, db_env, log):
    """Two instances on one PostgreSQL database: log in on one, reset on the other, and the
    very next request on the first must be refused; alternate directions."""
    env = {k: v for k, v in db_env.items() if not k.startswith("_")}
    a = procs.Server(cfg.binary, "revoke-a", cfg.work, {**env, **BOOTSTRAP})
    b = procs.Server(cfg.binary, "revoke-b", cfg.work, env)
    served, refused_before, rounds = 0, 0, 0
    try:
        a.start()
        b.start()
        ca, cb = Client(a.url), Client(b.url)
        root = ca.login(ROOT_LOGIN, PASSWORD)
        victim = ca.create_user(root, "victim", PASSWORD)
        deadline = time.monotonic() + cfg.revocation_cap_seconds
        for i in range(cfg.revocation_rounds):
            if time.monotonic() > deadline:
                break
            first, second = (ca, cb) if i % 2 == 0 else (cb, ca)
            token = first.login("victim", PASSWORD)
            status, _, _ = first.raw("GET", "/v2/users/me", None, {"Authorization": f"Bearer {token}"})
            if status != 200:
                refused_before += 1
            second.reset(root, victim)
            status, _, _ = first.raw("GET", "/v2/users/me", None, {"Authorization": f"Bearer {token}"})
            if status != 401:
                served += 1
            rounds += 1
        ca.close()
        cb.close()
    finally:
        a.stop()
        b.stop()
    log(f"  {rounds} rounds (alternating A/B), served after reset: {served}, refused before reset: {refused_before}")
    return {"rounds": rounds, "served_after_reset": served, "refused_before_reset": refused_before}
