"""The Web API's session family and user methods through Slack's slack_sdk WebClient (issue #16):
each method's answer shape, its effect read back over REST, and one Slack error per method."""

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from helpers import alive, create_user, login, rest

PW = "Passw0rd!"


def client(server, token):
    return WebClient(token=token, base_url=f"{server.base}/api/")


def slack_error(call):
    with pytest.raises(SlackApiError) as e:
        call()
    return e.value.response["error"]


def test_session_family(server):
    root = login(server.base)
    web = client(server, root)
    uid = create_user(server.base, root, "fam_sess")
    w = f"W{uid}"
    token = login(server.base, "fam_sess", PW, "web")

    listed = web.admin_users_session_list(limit=1000)
    mine = [s for s in listed["active_sessions"] if s["user_id"] == w]
    assert mine and {"session_id", "user_id", "team_id", "created"} <= set(mine[0])
    assert {"device_hardware", "os", "os_version", "slack_client_version", "ip"} <= set(mine[0]["created"])
    assert "next_cursor" in listed["response_metadata"]
    one = web.admin_users_session_list(team_id="T1", user_id=w)
    assert [s["session_id"] for s in one["active_sessions"]] == [mine[0]["session_id"]]
    assert slack_error(lambda: web.admin_users_session_list(user_id=w)) == "missing_team"

    assert web.admin_users_session_setSettings(user_ids=[w], duration=28800, desktop_app_browser_quit=True)["ok"]
    got = web.admin_users_session_getSettings(user_ids=[w])
    assert got["session_settings"] == [{"user_id": w, "desktop_app_browser_quit": True, "duration": 28800}]
    policy = rest(server.base, "GET", f"/v2/users/{uid}/session-settings", root)["data"]
    assert policy["durationSecs"] == 28800
    live = web.admin_users_session_list(team_id="T1", user_id=w)["active_sessions"][0]
    assert live["expires_at"] - live["created"]["at"] == 28800, "setSettings shortened the live session"
    assert slack_error(lambda: web.admin_users_session_setSettings(user_ids=[w])) == "at_least_one_session_setting_required"
    assert web.admin_users_session_clearSettings(user_ids=[w])["ok"]
    assert web.admin_users_session_getSettings(user_ids=[w])["no_settings_applied"] == [w]

    sid = live["session_id"]
    assert slack_error(lambda: web.admin_users_session_invalidate(session_id="nope", team_id="T1")) == "session_not_found"
    assert web.admin_users_session_invalidate(session_id=sid, team_id="T1", user_id=w)["ok"]
    assert not alive(server.base, token)


def test_user_methods(server):
    root = login(server.base)
    web = client(server, root)
    uid = create_user(server.base, root, "fam_user", level="MailboxUser")
    w = f"W{uid}"
    info = web.users_info(user=w)
    assert info["user"]["name"] == "fam_user" and info["user"]["team_id"] == "T1"
    assert slack_error(lambda: web.users_info(user="W999999")) == "user_not_found"
    found = web.users_lookupByEmail(email="fam_user@example.com")
    assert found["user"]["id"] == w
    assert slack_error(lambda: web.users_lookupByEmail(email="nobody@example.com")) == "users_not_found"

    ids, cursor = [], None
    while True:
        page = web.admin_users_list(limit=2, cursor=cursor) if cursor else web.admin_users_list(limit=2)
        ids += [u["id"] for u in page["users"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert w in ids and len(ids) == len(set(ids))
    assert slack_error(lambda: web.admin_users_list(cursor="bogus")) == "invalid_cursor"

    assert web.admin_users_setAdmin(team_id="T1", user_id=w)["ok"]
    assert rest(server.base, "GET", f"/v2/users/{uid}", root)["data"]["authLevel"] == "MailboxAdmin"
    victim = create_user(server.base, root, "fam_victim", level="MailboxUser")
    admin = client(server, login(server.base, "fam_user", PW))
    assert admin.admin_users_session_reset(user_id=f"W{victim}")["ok"]
    assert web.admin_users_setRegular(team_id="T1", user_id=w)["ok"]
    assert slack_error(lambda: admin.admin_users_session_reset(user_id=f"W{victim}")) == "not_an_admin"
    assert slack_error(lambda: web.admin_users_setOwner(team_id="T1", user_id=w)) == "not_supported"

    at = int(time.time()) + 2
    assert web.admin_users_setExpiration(user_id=w, expiration_ts=at)["ok"]
    got = web.api_call("admin.users.getExpiration", params={"user_id": w})
    assert got["expiration_ts"] == at
    assert slack_error(lambda: web.admin_users_setExpiration(user_id=w, expiration_ts=1)) == "failed_to_validate_expiration"
    expiring = login(server.base, "fam_user", PW)
    time.sleep(2.5)
    assert slack_error(lambda: client(server, expiring).auth_test()) == "account_inactive"

    victim_token = login(server.base, "fam_victim", PW)
    assert web.admin_users_remove(team_id="T1", user_id=f"W{victim}")["ok"]
    assert not alive(server.base, victim_token)
    assert rest(server.base, "GET", f"/v2/users/{victim}", root)["data"]["status"] == "Suspended"
    assert slack_error(lambda: web.admin_users_remove(team_id="T1", user_id="W1")) in {"cannot_modify_primary_owner", "access_denied"}


def test_auth_revoke(server):
    root = login(server.base)
    create_user(server.base, root, "fam_revoke")
    token = login(server.base, "fam_revoke", PW)
    c = client(server, token)
    assert c.auth_revoke(test=True)["revoked"] is False
    assert c.auth_test()["ok"]
    assert c.auth_revoke()["revoked"] is True
    assert slack_error(c.auth_test) == "token_revoked"
