"""Processes the benchmark starts: gatehouse servers and load generators.

Every pid is appended to a file as soon as the process exists, so bench/run's EXIT trap can
end exactly these processes (by id) even if this Python process dies.
"""

import json
import os
import re
import signal
import subprocess
import time
import urllib.request

PIDS_FILE = os.environ.get("BENCH_PIDS_FILE", "")


def remember(pid):
    """Record a pid for the EXIT trap."""
    if PIDS_FILE:
        with open(PIDS_FILE, "a", encoding="utf-8") as f:
            f.write(f"{pid}\n")


def stop(proc, grace=10.0):
    """SIGTERM, wait up to `grace` seconds, then SIGKILL; always reaps."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


LISTENING = re.compile(rb"gatehouse listening.*?(127\.0\.0\.1:\d+)")


def memory(pid):
    """VmRSS and VmHWM of a process in KiB, from /proc/<pid>/status."""
    out = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out


class Server:
    """One `gatehouse serve` on a loopback port it picks itself, logging to a file.

    It binds port 0 and the address comes from its `gatehouse listening` log line: a port
    picked here and handed over could be taken by another process meanwhile.
    """

    def __init__(self, binary, name, workdir, env):
        self.binary = binary
        self.name = name
        self.workdir = workdir
        self.url = None
        self.env = dict(os.environ)
        self.env.update(
            {
                "GATEHOUSE_LISTEN": "127.0.0.1:0",
                "GATEHOUSE_RATE_LIMIT": "off",
                "GATEHOUSE_LOG_FORMAT": "json",
                "RUST_LOG": os.environ.get("BENCH_RUST_LOG", "info"),
            }
        )
        self.env.update(env)
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.proc = None

    def start(self, timeout=60.0):
        """Start, learn the address from the log and wait until `/readyz` answers 200."""
        log = open(self.log_path, "ab")  # noqa: SIM115 (kept open for the child)
        start_of_log = log.tell()
        self.url = None
        self.proc = subprocess.Popen(
            [self.binary, "serve"],
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        remember(self.proc.pid)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.log_path}")
            if self.url is None:
                with open(self.log_path, "rb") as f:
                    f.seek(start_of_log)
                    found = LISTENING.search(f.read())
                if found is None:
                    time.sleep(0.05)
                    continue
                self.url = f"http://{found.group(1).decode()}"
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {timeout}s; see {self.log_path}")

    def stop(self):
        if self.proc is not None:
            stop(self.proc)

    def memory(self):
        return memory(self.proc.pid)


def run_json(cmd, env=None, timeout=120):
    """Run a command that prints one JSON line; return it parsed."""
    proc = subprocess.Popen(
        cmd, cwd=os.environ.get("BENCH_WORK"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
    )
    remember(proc.pid)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {err.strip()[-500:]}")
    return json.loads(out.strip().splitlines()[-1])
