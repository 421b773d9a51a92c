"""ECGridOS through zeep generated from the vendor's contract (`?WSDL&contract=build472`), with
zeep's default (strict) settings, which refuse any element the WSDL does not declare:

- against a `GATEHOUSE_ECGRIDOS_CONTRACT=build472` server, SOAP 1.1 and SOAP 1.2: Login ->
  UserUpdate (10 parameters) -> UserInfo reading LoginName and EMail -> UserReset (the user's
  REST token dies) -> UserPassword (recovery form; the new password logs in) -> a weak password's
  fault read as detail/ErrorInfo/ErrorCode -> WhoAmI -> Logout;
- against a default (seed) server, what the request decides: the vendor's UserUpdate and
  UserPassword and its fault reading;
- the v3.2 endpoint (namespace http://ecgridos.net/) running the seeds' flow with a zeep client
  generated from its own WSDL.
"""

import logging
import warnings

import pytest
import requests
import zeep
from zeep.exceptions import Fault

from conftest import ROOT_LOGIN, ROOT_PASSWORD

PATH = "/v4.1/prod/ECGridOS.asmx"
V32 = "/v3.2/prod/ECGridOS.asmx"
SERVICE = "ECGridOS_x0020_API_x0020_v4"
PORTS = {"soap11": f"{SERVICE}Soap", "soap12": f"{SERVICE}Soap12"}


def rest(base, method, path, token=None, body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"{base}{path}", json=body, headers=headers, timeout=10).json()


def rest_login(base, login, password):
    body = rest(base, "POST", "/v2/auth/login", body={"login": login, "password": password})
    assert body["success"], body
    return body["data"]["token"]


def alive(base, token):
    return rest(base, "GET", "/v2/users/me", token)["success"]


def new_user(base, login, password="Passw0rd!"):
    root = rest_login(base, ROOT_LOGIN, ROOT_PASSWORD)
    body = {"login": login, "password": password, "email": f"{login}@example.com",
            "firstName": "Test", "lastName": "User", "networkId": 1, "mailboxId": 100}
    made = rest(base, "POST", "/v2/users", root, body)
    assert made["success"], made
    return made["data"]["userId"]


def error_info(fault):
    """`(ErrorCode, ErrorItem)` from detail/ErrorInfo, as the vendor's samples read it."""
    assert fault.detail is not None, fault
    info = fault.detail.find("ErrorInfo")
    assert info is not None, zeep.helpers.etree.tostring(fault.detail)
    return int(info.findtext("ErrorCode")), info.findtext("ErrorItem") or None


def vendor_client(base):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = zeep.Client(f"{base}{PATH}?WSDL&contract=build472")
    assert [str(w.message) for w in caught] == []
    assert sorted(client.wsdl.services[SERVICE].ports) == sorted(
        [f"{SERVICE}Soap", f"{SERVICE}Soap12", f"{SERVICE}HttpGet", f"{SERVICE}HttpPost"]
    )
    return client


@pytest.fixture(scope="module")
def build472_server():
    from conftest import Server

    s = Server({"GATEHOUSE_ECGRIDOS_CONTRACT": "build472"})
    yield s
    s.stop()


@pytest.mark.parametrize("binding", sorted(PORTS))
def test_the_vendors_flow_against_a_build472_server(build472_server, binding, caplog):
    caplog.set_level(logging.WARNING)
    base = build472_server.base
    # ?WSDL itself is the vendor's contract on this server.
    assert f'<wsdl:service name="{SERVICE}">' in requests.get(f"{base}{PATH}?wsdl", timeout=10).text
    svc = vendor_client(base).bind(SERVICE, PORTS[binding])
    login = f"vendor_{binding}"
    target = new_user(base, login)
    sid = svc.Login(LoginName=ROOT_LOGIN, Password=ROOT_PASSWORD)

    assert svc.UserUpdate(
        SessionID=sid, UserID=target, FirstName="Vera", LastName="[Default]", Company="Acme & Co",
        EMail=f"{login}@vendor.example", Phone="+1 555 0100", CellPhone="+1 555 0101",
        CellCarrier="Verizon", AuthLevel="NoChange",
    ) is True
    info = svc.UserInfo(SessionID=sid, UserID=target)
    assert (info.LoginName, info.EMail, info.FirstName, info.LastName, info.Company) == (
        login, f"{login}@vendor.example", "Vera", "User", "Acme & Co"
    )
    assert (info.CellCarrier, info.AuthLevel, info.Status, info.LockedOut) == (
        "Verizon", "MailboxUser", "Active", False
    )
    assert info.LastLogin.year == 1, "never logged in: DateTime.MinValue"

    rest_token = rest_login(base, login, "Passw0rd!")
    assert alive(base, rest_token)
    assert svc.UserReset(SessionID=sid, UserID=target) is True
    assert not alive(base, rest_token)

    assert svc.UserPassword(
        SessionID=sid, UserID=target, CurrentRecoveryAnswer="", Password="Vendor#Pass1",
        RecoveryQuestion="First pet?", RecoveryAnswer="Fido",
    ) is True
    assert svc.Login(LoginName=login, Password="Vendor#Pass1")
    assert svc.UserInfo(SessionID=sid, UserID=target).RecoveryQuestion == "First pet?"
    with pytest.raises(Fault) as raised:
        svc.UserPassword(SessionID=sid, UserID=target, Password="weak")
    assert error_info(raised.value) == (9, "Password")

    me = svc.WhoAmI(SessionID=sid)
    assert (me.ECGridOSVersion, me.LoginName, me.AuthLevel) == ("4.1", ROOT_LOGIN, "Root")
    assert me.OpenSessions >= 1 and me.ip == "127.0.0.1"
    assert svc.Logout(SessionID=sid) == 1
    with pytest.raises(Fault) as raised:
        svc.WhoAmI(SessionID=sid)
    assert error_info(raised.value) == (1, None)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("zeep")] == []


@pytest.mark.parametrize("binding", sorted(PORTS))
def test_the_vendors_client_against_a_default_server_where_the_request_decides(server, binding):
    base = server.base
    svc = vendor_client(base).bind(SERVICE, PORTS[binding])
    login = f"vendor_seed_{binding}"
    target = new_user(base, login)
    sid = svc.Login(LoginName=ROOT_LOGIN, Password=ROOT_PASSWORD)
    assert svc.UserUpdate(
        SessionID=sid, UserID=target, FirstName="[Default]", LastName="Vendor",
        EMail=f"{login}@vendor.example", CellCarrier="NoChange", AuthLevel="NoChange",
    ) is True
    root = rest_login(base, ROOT_LOGIN, ROOT_PASSWORD)
    seen = rest(base, "GET", f"/v2/users/{target}", root)["data"]
    assert (seen["firstName"], seen["lastName"], seen["email"]) == ("Test", "Vendor", f"{login}@vendor.example")
    assert svc.UserPassword(SessionID=sid, UserID=target, Password="Vendor#Pass2") is True
    rest_login(base, login, "Vendor#Pass2")
    root = rest_login(base, ROOT_LOGIN, ROOT_PASSWORD)
    admin = {"login": f"netadmin_{binding}", "password": "Passw0rd!", "email": f"na_{binding}@example.com",
             "networkId": 1, "mailboxId": 0, "authLevel": "NetworkAdmin"}
    assert rest(base, "POST", "/v2/users", root, admin)["success"]
    admin_sid = svc.Login(LoginName=admin["login"], Password="Passw0rd!")
    with pytest.raises(Fault) as raised:
        svc.UserUpdate(SessionID=admin_sid, UserID=target, CellCarrier="NoChange", AuthLevel="NetworkAdmin")
    assert error_info(raised.value)[0] == 2, "AccessDenied: a level not below the caller's own"
    with pytest.raises(Fault) as raised:
        svc.UserPassword(SessionID=sid, UserID=target, Password="weak")
    assert error_info(raised.value) == (9, "Password")


def test_the_v32_endpoint_runs_the_seed_flow_from_its_own_wsdl(server):
    base = server.base
    wsdl = requests.get(f"{base}{V32}?WSDL", timeout=10).text
    assert 'targetNamespace="http://ecgridos.net/"' in wsdl
    assert 'soapAction="http://ecgridos.net/UserReset"' in wsdl
    client = zeep.Client(f"{base}{V32}?WSDL")
    svc = client.bind("ECGridOS", "ECGridOSSoap")
    login = "v32_user"
    target = new_user(base, login)
    sid = svc.Login(LoginName=ROOT_LOGIN, Password=ROOT_PASSWORD)
    updated = svc.UserUpdate(SessionID=sid, UserID=target, FirstName="Old", LastName="Client",
                             Email="v32@example.com")
    assert (updated.Login, updated.Email, updated.FirstName) == (login, "v32@example.com", "Old")
    token = rest_login(base, login, "Passw0rd!")
    assert svc.UserReset(SessionID=sid, UserID=target) is True
    assert not alive(base, token)
    assert svc.UserPassword(SessionID=sid, UserID=target, NewPassword="V32#Pass1") is True
    rest_login(base, login, "V32#Pass1")
    assert svc.WhoAmI(SessionID=sid).LoginName == ROOT_LOGIN
    assert svc.Logout(SessionID=sid) == 1
    # The v4.1 namespace is not this endpoint's.
    body = ('<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
            '<soap:Body><Version xmlns="https://os.ecgrid.io/"/></soap:Body></soap:Envelope>')
    r = requests.post(f"{base}{V32}", data=body, headers={"Content-Type": "text/xml"}, timeout=10)
    assert r.status_code == 500 and "http://ecgridos.net/" in r.text
