"""A short form of the soak test (issue #8): every front end under a mixed load for a bounded
time, no failed call, memory bounded. The full ten minutes: tests/soak/soak.py --seconds 600."""

import json
import os
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parents[1] / "soak" / "soak.py"


def test_a_short_mixed_soak_has_no_failures_and_bounded_memory(fresh_server, tmp_path):
    server = fresh_server()
    seconds = os.environ.get("GATEHOUSE_SOAK_SECONDS", "15")
    out = tmp_path / "soak.json"
    result = subprocess.run(
        [sys.executable, str(SOAK), "--base", server.base, "--pid", str(server.proc.pid),
         "--seconds", seconds, "--threads", "3", "--json", str(out)],
        capture_output=True, text=True, timeout=int(seconds) + 120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text())
    assert report["calls_failed"] == 0 and report["calls_ok"] > 100, report
    assert report["rss_max_kib"] < 150 * 1024, report
