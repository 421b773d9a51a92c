"""Turn the results into rows with ratios and targets (SPEC §8), and render Markdown and JSON."""

import json

TARGET_READ = 0.5  # GET /v2/users/me (JWT) ≥ 0.5 × healthz
TARGET_FRONT_END = 0.8  # SOAP and Slack reset ≥ 0.8 × REST reset
TARGET_LOGIN = 0.9  # login ≥ 0.9 × raw argon2id rate
TARGET_STORM_P99_MS = 10.0
TARGET_RSS_MB = 150.0
TARGET_RESET_SCALING = 2.0
DB_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def _row(scenario, db, r=None, ratio="", target="reported", met=None, conns=None):
    return {
        "scenario": scenario,
        "db": DB_NAMES.get(db, db),
        "conns": conns if conns is not None else (r["connections"] if r else ""),
        "rps": r["rps"] if r else None,
        "p50_ms": r["p50_ms"] if r else None,
        "p99_ms": r["p99_ms"] if r else None,
        "errors": r["errors"] if r else 0,
        "ratio": ratio,
        "target": target,
        "met": met,
    }


def _throughput_rows(db, t, hash_rate):
    rows = []
    ceiling = t["healthz"]["rps"]
    rest = t["reset_rest"]["rps"]
    runs = t["healthz"].get("rounds", [])
    around = f"; {len(runs)} runs around the JWT read runs: " + ", ".join(f"{r['rps']:,.0f}" for r in runs) if runs else ""
    rows.append(_row(f"GET /healthz (the ceiling{around})", db, t["healthz"], "1.00 × healthz", "ceiling"))
    x = t["me_jwt"]["rps"] / ceiling
    reads = f" ({len(t['me_jwt']['rounds'])} runs)" if t["me_jwt"].get("rounds") else ""
    rows.append(_row(f"GET /v2/users/me, JWT{reads}", db, t["me_jwt"], f"{x:.2f} × healthz", f"≥ {TARGET_READ} × healthz", x >= TARGET_READ))
    x = t["session_jwt"]["rps"] / ceiling
    rows.append(_row("POST /v2/auth/session, JWT (authentication alone; diagnostic)", db, t["session_jwt"], f"{x:.2f} × healthz"))
    x = t["me_api_key"]["rps"] / ceiling
    rows.append(_row("GET /v2/users/me, API key", db, t["me_api_key"], f"{x:.2f} × healthz"))
    rows.append(_row("POST /v2/users/reset/{id}", db, t["reset_rest"], f"{rest / ceiling:.2f} × healthz"))
    for key, label in (
        ("reset_soap11", "SOAP 1.1 UserReset"),
        ("reset_soap12", "SOAP 1.2 UserReset"),
        ("reset_slack", "POST /api/admin.users.session.reset"),
    ):
        x = t[key]["rps"] / rest
        rows.append(_row(label, db, t[key], f"{x:.2f} × REST reset", f"≥ {TARGET_FRONT_END} × REST reset", x >= TARGET_FRONT_END))
    rate = hash_rate["per_second"]
    hash_row = {"connections": hash_rate["threads"], "rps": round(rate, 1), "p50_ms": None, "p99_ms": None, "errors": 0}
    rows.append(
        _row(
            f"raw argon2id verify rate, `gatehouse bench-hash` (m={hash_rate['memory_kib']} t={hash_rate['iterations']} "
            f"p={hash_rate['parallelism']}, {hash_rate['threads']} threads; mean of "
            + ", ".join(f"{r['per_second']:.1f}" for r in hash_rate.get("runs", []))
            + " measured before, between and after the login rounds)",
            db,
            hash_row,
            "reference for login",
            conns=f"{hash_rate['threads']} thr",
        )
    )
    x = t["login"]["rps"] / rate
    rows.append(_row(f"POST /v2/auth/login (argon2id defaults; {len(t['login'].get('rounds', [])) or 1} rounds)", db, t["login"], f"{x:.2f} × argon2id rate", f"≥ {TARGET_LOGIN} × argon2id rate", x >= TARGET_LOGIN))
    s = t["storm_reads"]
    rows.append(
        _row(
            f"GET /v2/users/me, JWT, during a login storm ({s['storm_connections']} conns, {s['storm_logins_rps']:.0f} logins/s)",
            db,
            s,
            f"{s['rps'] / ceiling:.2f} × healthz",
            f"p99 < {TARGET_STORM_P99_MS:.0f} ms",
            s["p99_ms"] < TARGET_STORM_P99_MS,
        )
    )
    return rows


def _value_row(scenario, db, value, ratio, target, met):
    row = _row(scenario, db, None, ratio, target, met, conns="")
    row["value"] = value
    return row


def rows(results):
    out = []
    for db, t in results.get("throughput", {}).items():
        out.extend(_throughput_rows(db, t, results["hash_rate"][db]))
    for db, m in results.get("rss", {}).items():
        mb = m["rss_kib"] / 1024
        out.append(
            _value_row(
                f"RSS with {m['sessions_seeded']:,} live sessions (each read once, then {m['login_burst']['requests']} logins)",
                db,
                f"{mb:.1f} MiB",
                f"{mb / TARGET_RSS_MB:.2f} × 150 MB",
                f"< {TARGET_RSS_MB:.0f} MB",
                mb < TARGET_RSS_MB,
            )
        )
    for db, r in results.get("reset_scaling", {}).items():
        out.append(_value_row("reset, user with 1 session (median)", db, f"{r['one_median_ms']:.2f} ms", "reference", "reported", None))
        out.append(
            _value_row(
                f"reset, user with {min(r['sessions']):,} sessions (median of {r['runs']})",
                db,
                f"{r['many_median_ms']:.2f} ms",
                f"{r['ratio']:.2f} × 1-session reset",
                f"< {TARGET_RESET_SCALING:.0f} × 1-session reset",
                r["ratio"] < TARGET_RESET_SCALING,
            )
        )
    rev = results.get("revocation")
    if rev:
        out.append(
            _value_row(
                "revocation seen by a second instance (login on A, reset on B, next request on A)",
                "postgres",
                f"{rev['served_after_reset']} of {rev['rounds']} served",
                f"{rev['rounds']} rounds",
                "next request",
                rev["served_after_reset"] == 0 and rev["rounds"] > 0 and rev["refused_before_reset"] == 0,
            )
        )
    return out


def _fmt(v, digits=2):
    return "—" if v is None else f"{v:,.{digits}f}"


def markdown(results):
    m = results["machine"]
    c = results["config"]
    lines = [
        f"# Gatehouse benchmark — {results['started']}",
        "",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['os']}",
        f"- Build: {m['rustc']}, profile {m['profile']}, commit {m['commit']}",
        f"- PostgreSQL {m['postgresql']} on 127.0.0.1, SQLite {m['sqlite']} (WAL, synchronous=FULL); load generator {m['wrk']}",
        f"- Load: wrk, 1 thread, {c['connections']} connections, {c['warmup']} s warm-up then {c['duration']} s per scenario, "
        f"over loopback from a separate process on the same {m['cores']} cores; rate limits off; argon2id at defaults "
        "for every login figure",
        f"- Load average (1, 5, 15 min) at start {m['load_average_at_start']}, at end {m.get('load_average_at_end', '?')}; "
        f"whole run {results['elapsed_seconds']:.0f} s after the build",
        "",
        "| scenario | db | conns | req/s | p50 ms | p99 ms | ratio | target | met |",
        "|---|---|---:|---:|---:|---:|---|---|---|",
    ]
    for r in rows(results):
        met = "—" if r["met"] is None else ("yes" if r["met"] else "**no**")
        rps = r.get("value") or _fmt(r["rps"], 1)
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        lines.append(
            f"| {r['scenario']}{errors} | {r['db']} | {r['conns']} | {rps} | {_fmt(r['p50_ms'])} | {_fmt(r['p99_ms'])} "
            f"| {r['ratio']} | {r['target']} | {met} |"
        )
    lines += ["", *[f"- {note}" for note in results.get("notes", [])]]
    return "\n".join(lines) + "\n"


def write(results, md_path, json_path):
    results["rows"] = rows(results)
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
    text = markdown(results)
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(text)
    return text
