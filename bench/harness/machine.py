"""Machine and build details for the top of the report."""

import os
import platform
import re
import subprocess


def _run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _cpu_model():
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _mem_gib():
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0


def _release_profile(root):
    """The `[profile.release]` settings of the workspace Cargo.toml, as one line."""
    try:
        text = open(os.path.join(root, "Cargo.toml"), encoding="utf-8").read()
    except OSError:
        return "release"
    m = re.search(r"^\[profile\.release\]\s*\n((?:[^\[\n].*\n?)*)", text, re.M)
    settings = [line.strip() for line in (m.group(1).splitlines() if m else []) if line.strip()]
    return "release (opt-level 3" + "".join(f", {s}" for s in settings) + ")"


def details(root, pg_url):
    commit = _run(["git", "-C", root, "rev-parse", "--short", "HEAD"])
    dirty = _run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"])
    with open("/proc/loadavg", encoding="utf-8") as f:
        load = " ".join(f.read().split()[:3])
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _mem_gib(),
        "os": _run(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]) + f", Linux {platform.release()}",
        "rustc": _run(["rustc", "--version"]),
        "profile": _release_profile(root),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "postgresql": _run(["psql", pg_url, "-Atc", "SHOW server_version"]),
        "sqlite": _run(["sh", "-c", "dpkg-query -W -f '${Version}' libsqlite3-0"]),
        "wrk": _run(["sh", "-c", "wrk -v 2>&1 | head -1"]).split(" Copyright")[0],
        "load_average_at_start": load,
    }
