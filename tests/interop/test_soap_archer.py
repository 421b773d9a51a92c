"""Archer through zeep (SPEC §3.4, §5.3): both WSDLs load from the running server without
warnings; an administrator logs in through general.asmx, looks the target up and calls
ForcePasswordChange through accesscontrol.asmx, over the SOAP 1.1 and the SOAP 1.2 port; the
target's next login succeeds but is restricted over REST and over ECGridOS SOAP until it changes
its password over REST; false clears the flag. Faults carry <ArcherErrorCode>."""

import gc
import logging
import os
import warnings

import pytest
import requests
import zeep
from zeep.exceptions import Fault

from conftest import ROOT_LOGIN, ROOT_PASSWORD
from helpers import alive, create_user, login, rest

TNS = "http://archer-tech.com/webservices/"
GENERAL = "/archer/ws/general.asmx"
ACCESS = "/archer/ws/accesscontrol.asmx"
ECGRIDOS = "/v4.1/prod/ECGridOS.asmx"
ECGRIDOS_TNS = "https://os.ecgrid.io/"
PASSWORD = "Passw0rd!"
NEW_PASSWORD = "Changed#pw2"
GENERAL_OPERATIONS = sorted(
    ["CreateDomainUserSessionFromInstance", "CreateUserSession", "CreateUserSessionFromInstance", "TerminateSession"]
)
ACCESS_OPERATIONS = sorted(
    [
        "ChangePassword", "CreateUserEx", "CreateUserExWithPassword", "DeleteUser", "DoesDomainUserExist", "DoesUserExist", "ForcePasswordChange",
        "GetDomainUserList", "GetDomainUserListCount", "GetDomainUserListPaginated", "GetUser",
        "GetUserDefaultEMail", "GetUserList", "GetUserListCount", "GetUserListPaginated",
        "LookupDomainUserId", "LookupUserByFirstName", "LookupUserByLastName", "LookupUserId",
        "LookupUserName", "SetUserDefaultEmail", "UpdateUserAccountStatus", "UpdateUserEx",
        "UpdateUserName",
    ]
)
# binding -> (port name suffix after "Soap", client fault code in that SOAP version)
BINDINGS = {"soap11": ("", "soap:Client"), "soap12": ("12", "soap:Sender")}


def detail_code(fault, element, namespace=TNS):
    assert fault.detail is not None, fault
    found = fault.detail.find(f"{{{namespace}}}{element}")
    assert found is not None, zeep.helpers.etree.tostring(fault.detail)
    return found.text


def archer_code(fault):
    return detail_code(fault, "ArcherErrorCode")


@pytest.fixture(scope="module")
def clients(server):
    return (
        zeep.Client(f"{server.base}{GENERAL}?WSDL"),
        zeep.Client(f"{server.base}{ACCESS}?WSDL"),
        zeep.Client(f"{server.base}{ECGRIDOS}?WSDL"),
    )


@pytest.fixture(params=sorted(BINDINGS))
def archer(request, clients):
    """(binding name, general service, accesscontrol service, client fault code)."""
    general, access, _ = clients
    suffix, client_code = BINDINGS[request.param]
    return (
        request.param,
        general.bind("general", f"generalSoap{suffix}"),
        access.bind("accesscontrol", f"accesscontrolSoap{suffix}"),
        client_code,
    )


@pytest.fixture(scope="module")
def ecgridos(clients):
    return clients[2].service


def test_both_wsdls_load_without_warnings_with_asmx_names(server, caplog):
    caplog.set_level(logging.WARNING)
    for path, name, operations in [
        (
            GENERAL,
            "general",
            GENERAL_OPERATIONS,
        ),
        (ACCESS, "accesscontrol", ACCESS_OPERATIONS),
    ]:
        # Earlier tests' unclosed sockets (httpx clients of the generated REST client) are
        # finalized whenever the collector runs, with a ResourceWarning; collect them first, so
        # only what loading the WSDL warns is caught.
        gc.collect()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client = zeep.Client(f"{server.base}{path}?wsdl")
        assert [str(w.message) for w in caught] == []
        service = client.wsdl.services[name]
        assert sorted(service.ports) == sorted(
            [f"{name}Soap", f"{name}Soap12", f"{name}HttpPost", f"{name}HttpGet"]
        )
        for port in service.ports.values():
            assert sorted(port.binding._operations) == operations
            assert port.binding_options["address"] == f"{server.base}{path}"
    assert [r.getMessage() for r in caplog.records if r.name.startswith("zeep")] == []


def test_force_password_change_restricts_the_target_until_it_changes_its_password(
    server, archer, ecgridos
):
    name, general, access, client_code = archer
    base = server.base
    target_login = f"archer_target_{name}"
    target = create_user(
        base, login(base), target_login, password=PASSWORD, level="MailboxAdmin"
    )

    token = general.CreateUserSessionFromInstance(
        userName=ROOT_LOGIN, instanceName="Default", password=ROOT_PASSWORD
    )
    assert len(token) == 32 and token.isalnum()
    assert (
        access.LookupUserId(sessionToken=token, userName=target_login.upper()) == target
    )
    assert (
        access.ForcePasswordChange(
            sessionToken=token, userId=target, forcePasswordChange=True
        )
        == 1
    )

    # The next login succeeds, restricted, over REST ...
    r = requests.post(
        f"{base}/v2/auth/login",
        json={"login": target_login, "password": PASSWORD},
        timeout=10,
    )
    assert r.json()["data"]["passwordChangeRequired"] is True
    rest_token = r.json()["data"]["token"]
    refused = rest(base, "GET", "/v2/users/me", rest_token)
    assert (refused["success"], refused["errorCode"]) == (
        False,
        "PasswordChangeRequired",
    )
    info = rest(base, "POST", "/v2/auth/session", rest_token)
    assert info["success"] and info["data"]["passwordChangeRequired"] is True

    # ... over ECGridOS SOAP ...
    sid = ecgridos.Login(LoginName=target_login, Password=PASSWORD)
    with pytest.raises(Fault) as raised:
        ecgridos.UserInfo(SessionID=sid, UserID=target)
    assert raised.value.code == "soap:Client"
    assert raised.value.message == "password change required"
    assert (
        detail_code(raised.value, "ECGridOSSOAPErrorCode", ECGRIDOS_TNS)
        == "Authorization"
    )
    assert ecgridos.WhoAmI(SessionID=sid).UserID == target

    # ... and over Archer itself: it cannot even clear its own flag.
    own = general.CreateUserSession(
        userName=target_login, instanceName="Default", password=PASSWORD
    )
    with pytest.raises(Fault) as raised:
        access.ForcePasswordChange(
            sessionToken=own, userId=target, forcePasswordChange=False
        )
    assert (raised.value.code, raised.value.message) == (
        client_code,
        "password change required",
    )
    assert archer_code(raised.value) == "Authorization"

    # Changing the password over REST lifts the restriction on that very session.
    change = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    assert rest(base, "PUT", "/v2/auth/password", rest_token, change)["data"] is True
    me = rest(base, "GET", "/v2/users/me", rest_token)
    assert me["success"] and me["data"]["forcePasswordChange"] is False
    with pytest.raises(Fault):
        ecgridos.WhoAmI(SessionID=sid)  # its other sessions ended with the change
    sid = ecgridos.Login(LoginName=target_login, Password=NEW_PASSWORD)
    assert ecgridos.UserInfo(SessionID=sid, UserID=target).Login == target_login

    # Set again, then false clears it: the next login is unrestricted.
    assert (
        access.ForcePasswordChange(
            sessionToken=token, userId=target, forcePasswordChange=True
        )
        == 1
    )
    with pytest.raises(Fault):
        ecgridos.UserInfo(SessionID=sid, UserID=target)
    assert (
        access.ForcePasswordChange(
            sessionToken=token, userId=target, forcePasswordChange=False
        )
        == 1
    )
    assert ecgridos.UserInfo(SessionID=sid, UserID=target).UserID == target
    r = requests.post(
        f"{base}/v2/auth/login",
        json={"login": target_login, "password": NEW_PASSWORD},
        timeout=10,
    )
    assert r.json()["data"]["passwordChangeRequired"] is False

    assert general.TerminateSession(sessionToken=token) == 1
    with pytest.raises(Fault) as raised:
        access.LookupUserId(sessionToken=token, userName=target_login)
    assert (raised.value.code, archer_code(raised.value)) == (
        client_code,
        "Authentication",
    )


def test_faults_surface_as_zeep_faults_with_the_archer_error_code(server, archer):
    name, general, access, client_code = archer
    base = server.base
    plain_login = f"archer_plain_{name}"
    peer_login = f"archer_peer_{name}"
    root_rest = login(base)
    create_user(base, root_rest, plain_login, password=PASSWORD, level="MailboxUser")
    peer = create_user(
        base, root_rest, peer_login, password=PASSWORD, level="MailboxAdmin"
    )
    plain = general.CreateUserSessionFromInstance(
        userName=plain_login, instanceName="Default", password=PASSWORD
    )
    cases = [
        (
            lambda: access.LookupUserId(sessionToken="0" * 32, userName=plain_login),
            "Authentication",
            "Invalid session token",
        ),
        (
            lambda: general.CreateUserSessionFromInstance(
                userName=plain_login, instanceName="Other", password=PASSWORD
            ),
            "InvalidParameter",
            "instanceName: `Other` is not an instance of this server",
        ),
        (
            lambda: general.CreateUserSession(
                userName=plain_login, instanceName="Default", password="Wrong#pw1"
            ),
            "Authentication",
            "invalid login or password",
        ),
        (
            lambda: access.ForcePasswordChange(
                sessionToken=plain, userId=peer, forcePasswordChange=True
            ),
            "Authorization",
            "caller is not an administrator",
        ),
        (
            lambda: access.LookupUserId(sessionToken=plain, userName=peer_login),
            "ObjectNotFound",
            "object not found",
        ),
    ]
    for call, code, message in cases:
        with pytest.raises(Fault) as raised:
            call()
        assert raised.value.code == client_code
        assert archer_code(raised.value) == code
        assert raised.value.message == message


def test_domain_admin_flow_over_zeep(server, archer):
    """Domain login -> LookupDomainUserId -> GetUserList -> CreateUserExWithPassword (the user
    name generated from the person's names) -> UpdateUserAccountStatus(2), the user's REST session
    dies -> ChangePassword -> DeleteUser; the users document parses with ElementTree."""
    import xml.etree.ElementTree as ET

    name, general, access, _ = archer
    base = server.base
    root = login(base)
    domain = f"Zeep{name}"
    # The domain administrator exists before any Archer call: set up over REST.
    admin = create_user(base, root, f"{domain.lower()}\\admin", password=PASSWORD, level="NetworkAdmin",
                        email=f"admin.{name}@corp.example")
    token = general.CreateDomainUserSessionFromInstance(
        userName="ADMIN", instanceName="Default", password=PASSWORD, usersDomain=domain.upper()
    )
    assert access.LookupDomainUserId(sessionToken=token, userName="admin", usersDomain=domain) == admin
    users = ET.fromstring(access.GetUserList(sessionToken=token))
    assert users.tag == "Return"
    assert admin in [int(u.findtext("ID")) for u in users.findall("User")]
    target = access.CreateUserExWithPassword(
        sessionToken=token, firstName="Ren", middleName="", lastName="Tanaka <&> Söhne",
        companyName="Acme", title="Clerk", securityParameter=1, address="", userDomain=domain,
        timeZone="Tokyo Standard Time", locale="ja-JP", password=PASSWORD,
    )
    made = rest(base, "GET", f"/v2/users/{target}", root)["data"]
    login_name = f"{domain.lower()}\\ren.tanakasöhne"
    assert (made["login"], made["company"], made["timeZone"]) == (login_name, "Acme", "Tokyo Standard Time")
    assert access.LookupDomainUserId(sessionToken=token, userName="ren.tanakasöhne", usersDomain=domain) == target
    target_rest = login(base, login_name, PASSWORD)
    assert alive(base, target_rest)
    assert access.UpdateUserAccountStatus(sessionToken=token, userId=target, accountStatus=2) == 1
    assert not alive(base, target_rest)
    assert rest(base, "GET", f"/v2/users/{target}", root)["data"]["status"] == "Suspended"
    assert access.UpdateUserAccountStatus(sessionToken=token, userId=target, accountStatus=1) == 1
    assert access.ChangePassword(sessionToken=token, userId=target, password=NEW_PASSWORD) == 1
    login(base, login_name, NEW_PASSWORD)
    assert access.DeleteUser(sessionToken=token, userId=target) == 1
    assert rest(base, "GET", f"/v2/users/{target}", root)["data"]["status"] == "Terminated"
    general.TerminateSession(sessionToken=token)
    with pytest.raises(Fault) as raised:
        access.GetUserList(sessionToken=token)
    assert raised.value.message == "Invalid session token"
    assert archer_code(raised.value) == "Authentication"


def test_domain_admin_flow_over_php_soapclient(server):
    """The same flow through PHP's SoapClient (php-soap), generated from the served WSDLs."""
    import shutil
    import subprocess
    from pathlib import Path

    php = shutil.which("php")
    if php is None:
        if os.environ.get("CI"):
            pytest.fail("php is not installed; .ci/run installs php-cli php-soap")
        pytest.skip("php is not installed (apt-get install php-cli php-soap)")
    base = server.base
    root = login(base)
    # The domain administrator exists before any Archer call: set up over REST.
    admin = create_user(base, root, "phpcorp\\admin", password=PASSWORD, level="NetworkAdmin",
                        email="admin.php@corp.example")
    script = Path(__file__).with_name("php") / "archer_flow.php"
    out = subprocess.run(
        [php, str(script), base, "PHPCORP", "admin", PASSWORD, NEW_PASSWORD],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
    assert int(lines["lookup"]) == admin
    assert str(admin) in lines["listed"].split(",")
    target = int(lines["created"])
    assert lines["created_login"] == "phpcorp\\ren.tanaka"
    assert lines["alive_before"] == str(target)
    assert lines["status"] == "1"
    assert lines["dead_after"] != "none", "the user's session died with status 2"
    assert lines["password"] == "1" and lines["delete"] == "1"
    assert lines["fault"] == "Invalid session token"
    made = rest(base, "GET", f"/v2/users/{target}", root)["data"]
    assert (made["login"], made["status"], made["locale"]) == ("phpcorp\\ren.tanaka", "Terminated", "de-DE")
