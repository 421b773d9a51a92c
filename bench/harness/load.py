"""Run wrk (one thread, fixed connections, fixed duration) with a bench/lua script."""

import json
import os
import signal
import subprocess
import time

from . import procs

LUA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lua")
WRK_THREADS = 1  # the machine has 2 cores; the generator gets at most one of them


class Load:
    """A wrk run in progress or finished."""

    def __init__(self, url, script, connections, seconds, env, timeout_s=10):
        self.cmd = [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={timeout_s}s",
            "-s",
            os.path.join(LUA_DIR, script),
            url,
        ]
        self.connections = connections
        self.seconds = seconds
        self.env = dict(os.environ)
        self.env["BENCH_LUA_DIR"] = LUA_DIR
        self.env.update({k: str(v) for k, v in env.items()})
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=os.environ.get("BENCH_WORK"),
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
        )
        procs.remember(self.proc.pid)
        return self

    def result(self):
        """Wait for wrk and return its figures (throughput in req/s, latencies in ms). With
        BENCH_DONE_FILE set, wrk is interrupted as soon as its script creates that file."""
        done_file = self.env.get("BENCH_DONE_FILE")
        if done_file:
            deadline = time.monotonic() + self.seconds + 5
            while self.proc.poll() is None and time.monotonic() < deadline:
                if os.path.exists(done_file):
                    self.proc.send_signal(signal.SIGINT)
                    break
                time.sleep(0.05)
        try:
            out, err = self.proc.communicate(timeout=self.seconds + 60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise RuntimeError(f"wrk overran: {' '.join(self.cmd)}") from None
        lines = [line for line in out.splitlines() if line.startswith("BENCH_JSON ")]
        if self.proc.returncode != 0 or not lines:
            raise RuntimeError(f"wrk failed ({self.proc.returncode}): {err.strip()[-500:]} {out[-500:]}")
        raw = json.loads(lines[-1][len("BENCH_JSON ") :])
        secs = raw["duration_us"] / 1e6
        errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
        good = raw["requests"] - raw["status_errors"] - raw["bad_bodies"]
        return {
            "connections": self.connections,
            "seconds": round(secs, 2),
            "requests": raw["requests"],
            "errors": errors + raw["bad_bodies"],
            "rps": round(good / secs, 1) if secs else 0.0,
            "p50_ms": raw["p50_us"] / 1000,
            "p90_ms": raw["p90_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000,
        }


def run(url, script, connections, seconds, env, timeout_s=10):
    """Run one load to completion."""
    return Load(url, script, connections, seconds, env, timeout_s).start().result()
