"""Running the ECGridOS flow programs of generated SOAP clients (tests/interop/java with wsimport,
tests/interop/dotnet with Mono's wsdl) and checking what they print.

A flow program prints `key=value` lines. At `checkpoint=<name>` it waits for one line on its
standard input, so the driver can check the REST side at that moment (a REST token dies with
`UserReset`, before `UserPassword` would kill it anyway). A fault is printed as
`<name>.faultcode`, `.message`, `.source` (`ErrorInfo` or `ECGridOSSOAPErrorCode`, whichever the
program read its code from), `.code`, `.ecgridos` (the ECGridOSSOAPErrorCode, empty if absent)
and `.item` (ErrorInfo/ErrorItem, empty if absent).
"""

import os
import shutil
import subprocess
import tempfile
import threading
from xml.etree import ElementTree

import pytest
import requests

from conftest import ROOT_LOGIN, ROOT_PASSWORD
from helpers import alive, create_user, login, rest

PATH = "/v4.1/prod/ECGridOS.asmx"
BUILD472_SERVICE = "ECGridOS_x0020_API_x0020_v4"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
KINDS = {
    "http://schemas.xmlsoap.org/wsdl/soap/": "soap",
    "http://schemas.xmlsoap.org/wsdl/soap12/": "soap12",
    "http://schemas.xmlsoap.org/wsdl/http/": "http",
}
FAULT_CODES = {"soap11": "Client", "soap12": "Sender"}
USER_PASSWORD = "Passw0rd!"


def require_tools(*names, install):
    """The paths of the named programs; a missing one fails in CI (.ci/run installs it) and
    skips elsewhere."""
    found = {name: shutil.which(name) for name in names}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install {install})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; .ci/run installs it")
        pytest.skip(message)
    return found


def require_build472(base):
    """The URL of the server's build472 WSDL; skips while the server serves only the seeds'
    contract (issue 20 adds `?WSDL&contract=build472`)."""
    url = f"{base}{PATH}?WSDL&contract=build472"
    r = requests.get(url, timeout=10)
    if r.status_code != 200 or f'name="{BUILD472_SERVICE}"' not in r.text:
        pytest.skip("the server does not serve ?WSDL&contract=build472 yet (issue 20)")
    return url


def wsdl_ports(wsdl_url):
    """The ports of the WSDL at `wsdl_url`: {port name: "soap" | "soap12" | "http"}."""
    root = ElementTree.fromstring(requests.get(wsdl_url, timeout=10).content)
    kinds = {}
    for binding in root.iter(f"{{{WSDL}}}binding"):
        for child in binding:
            if child.tag.endswith("}binding"):
                kinds[binding.get("name")] = KINDS[child.tag.split("}")[0][1:]]
    return {
        port.get("name"): kinds[port.get("binding").split(":")[-1]]
        for port in root.iter(f"{{{WSDL}}}port")
    }


def run_flow(cmd, checkpoints, timeout=120):
    """Run a flow program; call `checkpoints[name]()` at each checkpoint it announces. Returns
    its output as a dict; fails with the program's output when it exits non-zero."""
    stderr = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True, bufsize=1
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    lines = []
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            if line.startswith("checkpoint="):
                checkpoints.pop(line.split("=", 1)[1])()
                proc.stdin.write("\n")
                proc.stdin.flush()
        proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr.seek(0)
        errors = stderr.read()
        stderr.close()
    transcript = "\n".join(lines) + "\n--- stderr ---\n" + errors
    assert proc.returncode == 0, f"{cmd[0]} exited {proc.returncode}:\n{transcript}"
    assert checkpoints == {}, f"checkpoints never reached: {sorted(checkpoints)}\n{transcript}"
    out = dict(line.split("=", 1) for line in lines if "=" in line)
    assert out.get("done") == "ok", transcript
    return out


def assert_fault(out, name, binding, ecgridos_code, message_prefix, error_info=False):
    """The fault `name` as the program read it: the binding's fault code, the message, and the
    error code from ErrorInfo/ErrorCode (numeric) when the detail has one (`error_info`: it must),
    else ECGridOSSOAPErrorCode; the ECGridOSSOAPErrorCode is there either way."""
    assert out[f"{name}.faultcode"] == FAULT_CODES[binding], out
    assert out[f"{name}.message"].startswith(message_prefix), out
    assert out[f"{name}.ecgridos"] == ecgridos_code, out
    if error_info or out[f"{name}.source"] == "ErrorInfo":
        assert out[f"{name}.source"] == "ErrorInfo", out
        assert out[f"{name}.code"].isdigit(), out
    else:
        assert out[f"{name}.source"] == "ECGridOSSOAPErrorCode", out
        assert out[f"{name}.code"] == ecgridos_code, out


class FlowUser:
    """A MailboxUser made over REST for one flow, with a live REST token to watch."""

    def __init__(self, base, login_name):
        self.base = base
        self.login = login_name
        self.root = login(base)
        self.id = create_user(base, self.root, login_name, password=USER_PASSWORD)
        self.token = login(base, login_name, USER_PASSWORD)
        assert alive(base, self.token)

    def flow_args(self, new_password):
        return [ROOT_LOGIN, ROOT_PASSWORD, str(self.id), self.login, USER_PASSWORD, new_password]

    def reset_checkpoint(self):
        """At the `reset` checkpoint: UserReset has ended the user's REST session too."""
        assert not alive(self.base, self.token), "the REST token outlived UserReset"

    def profile(self):
        return rest(self.base, "GET", f"/v2/users/{self.id}", self.root)["data"]


def check_seed_flow(out, user, binding, first_name, email_domain, new_password):
    """What the seeds' flow printed, and the REST side after it."""
    email = f"{user.login}@{email_domain}"
    assert out["version"].startswith("ECGridOS v4.1"), out
    assert len(out["login"]) == 36, out
    assert out["updated"] == f"{first_name}|{binding}|{email}", out
    assert out["info"] == f"{user.login}|{first_name}|{binding}|{email}|MailboxUser|Active", out
    assert out["reset"] == "true", out
    assert_fault(out, "reset_session", binding, "Authentication", "invalid session")
    assert out["password"] == "true" and out["new_password_login"] == "ok", out
    assert_fault(out, "old_password", binding, "Authentication", "invalid login or password")
    assert_fault(out, "weak", binding, "InvalidParameter", "password does not meet the rules")
    assert out["whoami"] == f"1|{ROOT_LOGIN}|Root|true", out
    assert out["logout"] == "1", out
    assert_fault(out, "after_logout", binding, "Authentication", "invalid session")

    check_rest_side(user, first_name, binding, email, new_password)


def check_build472_flow(out, user, binding, first_name, email_domain, new_password, full):
    """What the build472 flow printed (`full`: against a build472 endpoint; else only what the
    request decides, against a seed endpoint), and the REST side after it."""
    email = f"{user.login}@{email_domain}"
    assert out["version"].startswith("ECGridOS v4.1"), out
    assert len(out["login"]) == 36, out
    assert out["updated"] == "true", out
    if full:
        assert out["info"] == (
            f"{user.login}|{first_name}|{binding}|Gatehouse Interop|{email}|+1 555 0100"
            "|+1 555 0101|MailboxUser|Active"
        ), out
        assert_fault(out, "reset_session", binding, "Authentication", "invalid session", True)
    assert out["reset"] == "true", out
    assert out["password"] == "true" and out["new_password_login"] == "ok", out
    assert_fault(out, "old_password", binding, "Authentication", "invalid login or password", True)
    assert_fault(out, "weak", binding, "InvalidParameter", "password does not meet the rules", True)
    assert out["weak.item"] == "Password", out
    if full:
        assert out["whoami"] == f"1|{ROOT_LOGIN}|Root|true", out
    assert out["logout"] == "1", out
    assert_fault(out, "after_logout", binding, "Authentication", "invalid session", True)

    check_rest_side(user, first_name, binding, email, new_password)


def check_rest_side(user, first_name, last_name, email, new_password):
    """What REST sees after a flow: the names and address SOAP set, the password SOAP set."""
    seen = user.profile()
    assert (seen["firstName"], seen["lastName"], seen["email"]) == (first_name, last_name, email)
    login(user.base, user.login, new_password)
    r = requests.post(
        f"{user.base}/v2/auth/login",
        json={"login": user.login, "password": USER_PASSWORD},
        timeout=10,
    )
    assert not r.json()["success"], "the old password still logs in"
