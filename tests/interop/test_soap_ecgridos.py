"""ECGridOS v4.1 through zeep: the WSDL loads from the running server without warnings, and
every operation works over the SOAP 1.1 binding and the SOAP 1.2 binding (Client.bind), with
faults surfacing as zeep.exceptions.Fault carrying the right code and ECGridOS error code.
The HTTP-POST binding is exercised through zeep too."""

import logging
import uuid
import warnings

import pytest
import requests
import zeep
from zeep.exceptions import Fault

from conftest import ROOT_LOGIN, ROOT_PASSWORD

PATH = "/v4.1/prod/ECGridOS.asmx"
# Every operation of the user family Gatehouse serves (SPEC §5.2).
OPERATIONS = [
    "ChangePassword", "GenerateAPIKey", "GeneratePassword", "Login", "Logout", "SessionLog",
    "SessionLogCurrent", "SessionLogEx", "UserActivate",
    "UserAdd", "UserAddEx", "UserGetAPIKey", "UserInfo", "UserInfobyLogin", "UserList",
    "UserListEx", "UserListLockedOut", "UserListLockedOutEx", "UserPassword", "UserReset",
    "UserResetAll", "UserSendSMS", "UserSetAuthLevel", "UserSetMaxSessions",
    "UserSetNetworkMailbox", "UserSuspend", "UserTerminate", "UserUpdate", "Version", "WhoAmI",
]
TNS = "https://os.ecgrid.io/"
BINDINGS = {
    "soap11": ("ECGridOSSoap", "soap:Client"),
    "soap12": ("ECGridOSSoap12", "soap:Sender"),
}


def rest_token(base, login=ROOT_LOGIN, password=ROOT_PASSWORD):
    r = requests.post(
        f"{base}/v2/auth/login", json={"login": login, "password": password}, timeout=10
    )
    body = r.json()
    assert body["success"], body
    return body["data"]["token"]


def rest(base, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}"}
    return requests.request(
        method, f"{base}{path}", json=body, headers=headers, timeout=10
    ).json()


def new_user(base, login, level="MailboxUser", password="Passw0rd!"):
    body = {
        "login": login,
        "password": password,
        "email": f"{login}@example.com",
        "firstName": "Test",
        "lastName": "User",
        "networkId": 1,
        "mailboxId": 100,
        "authLevel": level,
    }
    made = rest(base, "POST", "/v2/users", rest_token(base), body)
    assert made["success"], made
    return made["data"]["userId"]


def error_code(fault):
    """The ECGridOSSOAPErrorCode in a fault's detail element."""
    assert fault.detail is not None, fault
    found = fault.detail.find(f"{{{TNS}}}ECGridOSSOAPErrorCode")
    assert found is not None, zeep.helpers.etree.tostring(fault.detail)
    return found.text


@pytest.fixture(scope="module")
def client(server):
    return zeep.Client(f"{server.base}{PATH}?WSDL")


@pytest.fixture(params=sorted(BINDINGS))
def binding(request, client):
    port, client_code = BINDINGS[request.param]
    return request.param, client.bind("ECGridOS", port), client_code


def test_the_wsdl_loads_without_warnings_and_lists_every_operation(server, caplog):
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = zeep.Client(f"{server.base}{PATH}?wsdl")
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records if r.name.startswith("zeep")] == []
    service = client.wsdl.services["ECGridOS"]
    assert sorted(service.ports) == [
        "ECGridOSHttpGet",
        "ECGridOSHttpPost",
        "ECGridOSSoap",
        "ECGridOSSoap12",
    ]
    expected = sorted(OPERATIONS)
    for port in service.ports.values():
        assert sorted(port.binding._operations) == expected
        assert port.binding_options["address"] == f"{server.base}{PATH}"


def test_every_operation_over_the_binding(server, binding):
    name, svc, _ = binding
    login = f"zeep_{name}"
    target = new_user(server.base, login)

    assert svc.Version().startswith("ECGridOS v4.1")
    sid = svc.Login(LoginName=ROOT_LOGIN, Password=ROOT_PASSWORD)
    uuid.UUID(sid)

    me = svc.WhoAmI(SessionID=sid)
    assert (me.UserID, me.LoginName, me.AuthLevel, me.TimeOut, me.ECGridOSVersion) == (
        1,
        "root",
        "Root",
        20,
        "4.1",
    )
    assert me.SessionID == sid and me.OpenSessions >= 1 and me.LastLogin is not None

    info = svc.UserInfo(SessionID=sid, UserID=target)
    assert (info.UserID, info.Login, info.AuthLevel, info.Status) == (
        target,
        login,
        "MailboxUser",
        "Active",
    )
    assert info.Created.tzinfo is not None

    updated = svc.UserUpdate(
        SessionID=sid,
        UserID=target,
        FirstName="Zeep",
        LastName=name,
        Email=f"{login}@zeep.example",
    )
    assert (updated.FirstName, updated.LastName, updated.Email, updated.Login) == (
        "Zeep",
        name,
        f"{login}@zeep.example",
        login,
    )
    seen = rest(server.base, "GET", f"/v2/users/{target}", rest_token(server.base))[
        "data"
    ]
    assert (seen["firstName"], seen["lastName"], seen["email"]) == (
        "Zeep",
        name,
        f"{login}@zeep.example",
    )

    target_sid = svc.Login(LoginName=login, Password="Passw0rd!")
    assert (
        svc.UserPassword(SessionID=sid, UserID=target, NewPassword="Zeep#Pass1") is True
    )
    with pytest.raises(Fault):
        svc.WhoAmI(SessionID=target_sid)
    target_sid = svc.Login(LoginName=login, Password="Zeep#Pass1")
    rest_session = rest_token(server.base, login, "Zeep#Pass1")

    assert svc.UserReset(SessionID=sid, UserID=target) is True
    with pytest.raises(Fault):
        svc.WhoAmI(SessionID=target_sid)
    assert (
        rest(server.base, "GET", "/v2/users/me", rest_session)["errorCode"]
        == "InvalidSession"
    )

    assert svc.Logout(SessionID=sid) == 1


def test_faults_surface_as_zeep_faults_with_code_and_error_code(server, binding):
    name, svc, client_code = binding
    plain = f"zeep_plain_{name}"
    plain_id = new_user(server.base, plain)
    sid = svc.Login(LoginName=ROOT_LOGIN, Password=ROOT_PASSWORD)
    plain_sid = svc.Login(LoginName=plain, Password="Passw0rd!")
    cases = [
        (
            lambda: svc.WhoAmI(SessionID="3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            "Authentication",
            "invalid session",
        ),
        (
            lambda: svc.Login(LoginName=plain, Password="Wrong#pass1"),
            "Authentication",
            "invalid login or password",
        ),
        (
            lambda: svc.UserReset(SessionID=plain_sid, UserID=1),
            "Authorization",
            "caller is not an administrator",
        ),
        (
            lambda: svc.UserInfo(SessionID=sid, UserID=987654),
            "ObjectNotFound",
            "object not found",
        ),
        (
            # Another user: Root setting its own password through the admin path is refused
            # before the rules are checked (SPEC §3.2, self is self).
            lambda: svc.UserPassword(SessionID=sid, UserID=plain_id, NewPassword="weak"),
            "InvalidParameter",
            "password does not meet the rules",
        ),
    ]
    for call, code, message in cases:
        with pytest.raises(Fault) as raised:
            call()
        assert raised.value.code == client_code
        assert error_code(raised.value) == code
        assert raised.value.message.startswith(message), raised.value.message


def test_the_http_post_binding_through_zeep(server, client):
    post = client.bind("ECGridOS", "ECGridOSHttpPost")
    assert post.Version().startswith("ECGridOS v4.1")
    sid = post.Login(LoginName=ROOT_LOGIN, Password=ROOT_PASSWORD)
    uuid.UUID(sid)
    info = post.UserInfo(SessionID=sid, UserID="1")
    assert (info.UserID, info.Login, info.AuthLevel) == (1, "root", "Root")
    assert post.Logout(SessionID=sid) == 1


def test_the_wsdl_address_is_the_url_the_client_used(server):
    port = server.base.rsplit(":", 1)[1]
    wsdl = requests.get(
        f"http://localhost:{port}/V4.1/prod/ecgridos.asmx?Wsdl", timeout=10
    )
    assert wsdl.status_code == 200
    assert (
        f'<soap12:address location="http://localhost:{port}/V4.1/prod/ecgridos.asmx"/>'
        in wsdl.text
    )
