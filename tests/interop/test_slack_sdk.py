"""The Web API driven by Slack's own slack_sdk WebClient against a running gatehouse."""

import time

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from helpers import alive, create_user, login, rest

PW = "Passw0rd!"


def client(server, token):
    return WebClient(token=token, base_url=f"{server.base}/api/")


@pytest.mark.parametrize(
    "flags, survivors",
    [
        ({}, {"web": False, "mobile": False, "desktop": False}),
        ({"mobile_only": True}, {"web": True, "mobile": False, "desktop": True}),
        ({"web_only": True}, {"web": False, "mobile": True, "desktop": True}),
        ({"mobile_only": True, "web_only": True}, {"web": False, "mobile": False, "desktop": True}),
        ({"mobile_only": False, "web_only": False}, {"web": False, "mobile": False, "desktop": False}),
    ],
)
def test_session_reset_with_each_flag_combination(server, flags, survivors):
    root = login(server.base)
    name = "sdk" + "".join(f"{k[0]}{int(v)}" for k, v in flags.items())
    uid = create_user(server.base, root, name)
    tokens = {kind: login(server.base, name, PW, kind) for kind in survivors}
    resp = client(server, root).admin_users_session_reset(user_id=f"W{uid}", **flags)
    assert resp["ok"] is True
    assert {kind: alive(server.base, t) for kind, t in tokens.items()} == survivors


def test_list_invalidate_reset_bulk_and_auth_test(server):
    root = login(server.base)
    web = client(server, root)
    a = create_user(server.base, root, "sdk_list_a")
    b = create_user(server.base, root, "sdk_list_b")
    t_web = login(server.base, "sdk_list_a", PW, "web")
    t_mobile = login(server.base, "sdk_list_a", PW, "mobile")

    who = web.auth_test()
    assert who["user"] == "root" and who["user_id"] == "W1"

    listed = web.admin_users_session_list(team_id="T1", user_id=f"W{a}")
    kinds = sorted(s["client_type"] for s in listed["active_sessions"])
    assert kinds == ["mobile", "web"]
    mobile_id = next(s["session_id"] for s in listed["active_sessions"] if s["client_type"] == "mobile")

    assert web.admin_users_session_invalidate(session_id=mobile_id, team_id="T1")["ok"]
    assert not alive(server.base, t_mobile)
    assert alive(server.base, t_web)

    t_b = login(server.base, "sdk_list_b", PW, "mobile")
    assert web.admin_users_session_resetBulk(user_ids=[f"W{a}", f"W{b}"])["ok"]
    assert not alive(server.base, t_web) and not alive(server.base, t_b)


def test_errors_surface_as_slack_api_error_with_the_code(server):
    root = login(server.base)
    create_user(server.base, root, "sdk_pleb")
    target = create_user(server.base, root, "sdk_target")
    bot = create_user(server.base, root, "sdk_bot", level="General", isBot=True)
    pleb = client(server, login(server.base, "sdk_pleb", PW))
    with pytest.raises(SlackApiError) as denied:
        pleb.admin_users_session_reset(user_id=f"W{target}")
    assert denied.value.response["error"] == "not_an_admin"
    with pytest.raises(SlackApiError) as botted:
        client(server, root).admin_users_session_reset(user_id=f"W{bot}")
    assert botted.value.response["error"] == "cannot_reset_bot"
    with pytest.raises(SlackApiError) as unknown:
        client(server, root).admin_users_session_reset(user_id="W999999")
    assert unknown.value.response["error"] == "user_not_found"
    with pytest.raises(SlackApiError) as unauthed:
        client(server, "not-a-token").auth_test()
    assert unauthed.value.response["error"] == "invalid_auth"


def test_a_web_api_reset_is_in_the_audit_trail_as_slack(server):
    root = login(server.base)
    uid = create_user(server.base, root, "sdk_audit")
    client(server, root).admin_users_session_reset(user_id=f"W{uid}")
    trail = rest(server.base, "GET", f"/v2/audit?userId={uid}&action=session.reset", root)
    assert trail["data"][0]["frontEnd"] == "slack" and trail["data"][0]["outcome"] == "ok"


def test_rate_limit_retry_handler_succeeds_after_a_429(fresh_server):
    server = fresh_server(GATEHOUSE_RATE_LIMIT="on", GATEHOUSE_WEBAPI_RATE_PER_MIN="60")
    root = login(server.base)
    web = WebClient(token=root, base_url=f"{server.base}/api/")
    web.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    started = time.time()
    # admin.users.session.list is Tier 2, whose quota GATEHOUSE_WEBAPI_RATE_PER_MIN sets.
    for _ in range(65):
        assert web.admin_users_session_list()["ok"]
    # The burst of 60 ran out: at least one call was answered 429 and retried after Retry-After.
    metrics = requests.get(f"{server.base}/metrics", timeout=10).text
    limited = [l for l in metrics.splitlines() if l.startswith("gatehouse_requests_total") and 'outcome="ratelimited"' in l]
    assert limited, metrics
    assert time.time() - started >= 1.0
    plain = WebClient(token=root, base_url=f"{server.base}/api/")
    with pytest.raises(SlackApiError) as limited_error:
        for _ in range(100):
            plain.admin_users_session_list()
    assert limited_error.value.response.status_code == 429
    assert limited_error.value.response["error"] == "ratelimited"
