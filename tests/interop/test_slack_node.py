"""The Web API through Slack's own npm client, @slack/web-api (pinned in
tests/interop/node/package.json): node/slack.mjs calls every session and user method and one
Slack error per method; this test checks the answers and what they changed. Skipped only when
`node` is not installed; npm installs the pinned client on first use."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import alive, create_user, login, rest

NODE_DIR = Path(__file__).resolve().parent / "node"
PW = "Passw0rd!"


@pytest.fixture
def node():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (NODE_DIR / "node_modules" / "@slack" / "web-api").is_dir():
        npm = shutil.which("npm")
        assert npm, "node is installed but npm is not; cannot install @slack/web-api"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True, timeout=300)
    return node


def test_every_method_through_slack_web_api(server, node):
    root = login(server.base)
    uid = create_user(server.base, root, "slacknode")
    victim = create_user(server.base, root, "slacknode_victim")
    create_user(server.base, root, "slacknode_revoker")
    user_session = login(server.base, "slacknode", PW, "web")
    victim_session = login(server.base, "slacknode_victim", PW)
    revoker = login(server.base, "slacknode_revoker", PW)
    run = subprocess.run(
        [node, "slack.mjs", server.base, root, f"W{uid}", f"W{victim}", revoker],
        cwd=NODE_DIR, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert f"W{uid}" in out["listedOwners"]
    assert {"session_id", "user_id", "team_id", "created"} <= set(out["firstSession"])
    assert out["missingTeam"] == "missing_team"
    assert out["settings"] == [{"user_id": f"W{uid}", "desktop_app_browser_quit": False, "duration": 86400}]
    assert out["noSetting"] == "at_least_one_session_setting_required"
    assert out["cleared"] == [f"W{uid}"]
    assert out["badSettingsUser"] == "user_not_found"
    assert out["info"] == "slacknode" and out["infoMissing"] == "user_not_found"
    assert out["byEmail"] == f"W{uid}" and out["byEmailMissing"] == "users_not_found"
    assert f"W{uid}" in out["users"] and out["badCursor"] == "invalid_cursor"
    assert out["afterAdmin"] is True and out["afterRegular"] is False
    assert out["setOwner"] == "not_supported" and out["wrongTeam"] == "user_not_found"
    assert out["expiration"] == out["expectedExpiration"]
    assert out["pastExpiration"] == "failed_to_validate_expiration"
    assert out["getExpirationMissing"] == "user_not_found"
    assert out["invalidateMissing"] == "session_not_found"
    assert out["resetMissing"] == "user_not_found" and out["bulkMissing"] == "user_not_found"
    # Root is the primary owner acting on itself: self is self (SPEC §3.2).
    assert out["removePrimary"] == "access_denied"
    assert out["test"] is False and out["revoked"] is True and out["afterRevoke"] == "token_revoked"
    assert out["authTestBad"] == "invalid_auth"
    # What the calls changed, read back over REST.
    assert not alive(server.base, user_session), "invalidate and resetBulk ended the user's sessions"
    assert not alive(server.base, victim_session)
    assert rest(server.base, "GET", f"/v2/users/{victim}", root)["data"]["status"] == "Suspended"
    assert rest(server.base, "GET", f"/v2/users/{uid}", root)["data"]["expiresAt"] is not None
