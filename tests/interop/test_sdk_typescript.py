"""The TypeScript SDK of issue #17: a client generated from openapi/openapi.json by
openapi-typescript, called through openapi-fetch, compiled with `tsc --strict` (ts/flow.ts), run
against the real binary. Skipped only when `node` is not installed."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT_LOGIN, ROOT_PASSWORD

TS_DIR = Path(__file__).resolve().parent / "ts"


def test_login_create_update_password_reset_audit_through_the_typescript_sdk(server):
    node, npm, npx = shutil.which("node"), shutil.which("npm"), shutil.which("npx")
    if node is None:
        pytest.skip("node is not installed")
    assert npm and npx, "node is installed but npm is not"
    if not (TS_DIR / "node_modules" / "openapi-fetch").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TS_DIR, check=True, timeout=300)
    subprocess.run([npm, "run", "-s", "generate"], cwd=TS_DIR, check=True, timeout=120)
    built = subprocess.run([npm, "run", "-s", "build"], cwd=TS_DIR, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    run = subprocess.run(
        [node, "dist/flow.js", server.base, ROOT_LOGIN, ROOT_PASSWORD],
        cwd=TS_DIR, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["ok"] and out["weak"] == "InvalidParameter"
