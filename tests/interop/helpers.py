"""Small REST helpers shared by the interoperability tests (plain HTTP, no generated client)."""

import requests

from conftest import ROOT_LOGIN, ROOT_PASSWORD


def login(base, login_name=ROOT_LOGIN, password=ROOT_PASSWORD, client_type="web"):
    r = requests.post(
        f"{base}/v2/auth/login",
        json={"login": login_name, "password": password, "clientType": client_type},
        timeout=10,
    )
    body = r.json()
    assert body["success"], body
    return body["data"]["token"]


def rest(base, method, path, token, body=None):
    r = requests.request(method, f"{base}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return r.json()


def create_user(base, root_token, login_name, password="Passw0rd!", level="MailboxUser", **extra):
    body = {"login": login_name, "password": password, "email": f"{login_name}@example.com",
            "networkId": 1, "mailboxId": 100, "authLevel": level, **extra}
    if extra.get("isBot"):
        body.pop("password")
    made = rest(base, "POST", "/v2/users", root_token, body)
    assert made["success"], made
    return made["data"]["userId"]


def alive(base, token):
    return requests.post(f"{base}/v2/auth/session", headers={"Authorization": f"Bearer {token}"}, timeout=10).ok
