"""The seed operations UserUpdate, UserPassword and UserReset through node-soap (npm `soap`,
pinned in tests/interop/node/package.json), driven from here. Skipped only when `node` is not
installed; npm installs the pinned client on first use."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from conftest import ROOT_LOGIN, ROOT_PASSWORD

NODE_DIR = Path(__file__).resolve().parent / "node"
LOGIN_XML = """<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <Login xmlns="https://os.ecgrid.io/"><LoginName>{login}</LoginName><Password>{password}</Password></Login>
  </soap:Body>
</soap:Envelope>"""


def soap_login(base, login, password):
    r = requests.post(
        f"{base}/v4.1/prod/ECGridOS.asmx",
        data=LOGIN_XML.format(login=login, password=password),
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": '"https://os.ecgrid.io/Login"',
        },
        timeout=10,
    )
    assert r.status_code == 200, r.text
    return r.text.split("<LoginResult>")[1].split("</LoginResult>")[0]


def rest_token(base, login=ROOT_LOGIN, password=ROOT_PASSWORD):
    body = requests.post(
        f"{base}/v2/auth/login", json={"login": login, "password": password}, timeout=10
    ).json()
    assert body["success"], body
    return body["data"]["token"]


@pytest.fixture(scope="module")
def node():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (NODE_DIR / "node_modules" / "soap").is_dir():
        npm = shutil.which("npm")
        assert npm, "node is installed but npm is not; cannot install node-soap"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=NODE_DIR,
            check=True,
            timeout=600,
        )
    return node


def test_seed_operations_through_node_soap(server, node):
    root = rest_token(server.base)
    body = {
        "login": "nodesoap",
        "password": "Passw0rd!",
        "email": "nodesoap@example.com",
        "networkId": 1,
        "mailboxId": 100,
        "authLevel": "MailboxUser",
    }
    made = requests.post(
        f"{server.base}/v2/users",
        json=body,
        headers={"Authorization": f"Bearer {root}"},
        timeout=10,
    ).json()
    assert made["success"], made
    target = made["data"]["userId"]
    before = soap_login(server.base, "nodesoap", "Passw0rd!")

    run = subprocess.run(
        [node, "ecgridos.mjs", server.base, ROOT_LOGIN, ROOT_PASSWORD, str(target)],
        cwd=NODE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)

    update = out["update"]
    assert (
        update["UserID"],
        update["Login"],
        update["FirstName"],
        update["LastName"],
        update["Email"],
    ) == (
        target,
        "nodesoap",
        "Node",
        "Soap",
        "node.soap@example.com",
    )
    assert (update["AuthLevel"], update["Status"]) == ("MailboxUser", "Active")
    assert out["password"] is True
    assert out["reset"] is True
    assert out["fault"] == {
        "status": 500,
        "faultcode": "soap:Client",
        "faultstring": "invalid session",
        "detail": "Authentication",
    }

    seen = requests.get(
        f"{server.base}/v2/users/{target}",
        headers={"Authorization": f"Bearer {root}"},
        timeout=10,
    ).json()["data"]
    assert (seen["firstName"], seen["lastName"], seen["email"]) == (
        "Node",
        "Soap",
        "node.soap@example.com",
    )
    rest_token(server.base, "nodesoap", "Node#Soap1")
    who = requests.post(
        f"{server.base}/v4.1/prod/ECGridOS.asmx/WhoAmI",
        data={"SessionID": before},
        timeout=10,
    )
    assert (who.status_code, who.text) == (500, "invalid session")
