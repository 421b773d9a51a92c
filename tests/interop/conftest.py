"""Fixtures for the interoperability tests: a real gatehouse binary on a loopback port.

The binary is the one cargo built (GATEHOUSE_BIN, default target/debug/gatehouse); each test
session gets a fresh SQLite database in a temporary directory, cheap argon2 parameters, rate
limits off unless a test starts its own server, and a bootstrap Root user.
"""

import os
import re
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

# The generated OpenAPI client is code under test's use, not tests: its `auth_test.py` (from the
# operation authTest) would otherwise be collected.
collect_ignore = ["generated"]

ROOT_LOGIN = "root"
ROOT_PASSWORD = "Root#pass1"
REPO = Path(__file__).resolve().parents[2]


LISTENING = re.compile(r"gatehouse listening.*?(127\.0\.0\.1:\d+)")


class Server:
    """A running gatehouse process."""

    def __init__(self, extra_env=None):
        self.dir = tempfile.TemporaryDirectory()
        binary = os.environ.get("GATEHOUSE_BIN", str(REPO / "target" / "debug" / "gatehouse"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_")}
        env.update(
            # Port 0: a port picked here and handed over could be taken by another process
            # meanwhile; the address the binary bound comes from its log instead.
            GATEHOUSE_LISTEN="127.0.0.1:0",
            GATEHOUSE_DATABASE_URL=f"sqlite://{self.dir.name}/gatehouse.db",
            GATEHOUSE_BOOTSTRAP_LOGIN=ROOT_LOGIN,
            GATEHOUSE_BOOTSTRAP_PASSWORD=ROOT_PASSWORD,
            GATEHOUSE_ARGON2_MEMORY_KIB="8",
            GATEHOUSE_ARGON2_ITERATIONS="1",
            GATEHOUSE_RATE_LIMIT="off",
        )
        env.update(extra_env or {})
        self.log = open(Path(self.dir.name) / "server.log", "wb")
        self.proc = subprocess.Popen([binary], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while (found := LISTENING.search(self.logs())) is None:
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"gatehouse did not start listening: {self.logs()}")
            time.sleep(0.05)
        self.base = f"http://{found.group(1)}"
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"gatehouse did not start: {self.logs()}")
            time.sleep(0.05)

    def logs(self) -> str:
        self.log.flush()
        return (Path(self.dir.name) / "server.log").read_text(errors="replace")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        self.dir.cleanup()


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture
def fresh_server():
    """A server of the test's own, for tests that need settings or state of their own."""
    started = []

    def start(**env):
        s = Server(env)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
