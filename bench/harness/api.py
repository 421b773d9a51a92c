"""A small keep-alive HTTP client for seeding and timing through the public APIs."""

import http.client
import json
import time
import urllib.parse

SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
ECGRIDOS_NS = "https://os.ecgrid.io/"
ECGRIDOS_PATH = "/v4.1/prod/ECGridOS.asmx"


class ApiError(RuntimeError):
    pass


def soap_envelope(version, operation, params):
    """A document/literal wrapped ECGridOS request."""
    env = SOAP11_ENV if version == "1.1" else SOAP12_ENV
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in params)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:soap="{env}"><soap:Body>'
        f'<{operation} xmlns="{ECGRIDOS_NS}">{inner}</{operation}>'
        "</soap:Body></soap:Envelope>"
    )


def soap_headers(version, operation):
    action = f"{ECGRIDOS_NS}{operation}"
    if version == "1.1":
        return {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    return {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}


class Client:
    """JSON over one keep-alive connection to a gatehouse instance."""

    def __init__(self, base_url, timeout=30):
        parsed = urllib.parse.urlparse(base_url)
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)

    def close(self):
        self.conn.close()

    def raw(self, method, path, body=None, headers=None):
        """(status, body text, seconds) of one request. A keep-alive connection the server
        closed while idle is reopened before the request is sent again (once)."""
        data = body.encode() if isinstance(body, str) else body
        for attempt in (1, 2):
            try:
                if attempt == 2 or self.conn.sock is None:
                    self.conn.close()
                    self.conn.connect()
                started = time.perf_counter()
                self.conn.request(method, path, body=data, headers=headers or {})
                resp = self.conn.getresponse()
                text = resp.read().decode()
                return resp.status, text, time.perf_counter() - started
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def call(self, method, path, payload=None, token=None, api_key=None):
        """A REST call; returns `data` of the envelope or raises ApiError."""
        headers = {}
        body = None
        if payload is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(payload)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if api_key:
            headers["X-API-Key"] = api_key
        status, text, _ = self.raw(method, path, body, headers)
        try:
            env = json.loads(text)
        except ValueError as e:
            raise ApiError(f"{method} {path}: {status} {text[:200]}") from e
        if not env.get("success"):
            raise ApiError(f"{method} {path}: {status} {env.get('errorCode')} {env.get('message')}")
        return env["data"]

    def login(self, login, password, client_type="web"):
        data = self.call("POST", "/v2/auth/login", {"login": login, "password": password, "clientType": client_type})
        return data["token"]

    def create_user(self, token, login, password, level="MailboxUser", network=1, mailbox=101):
        body = {
            "login": login,
            "password": password,
            "email": f"{login}@bench.example",
            "firstName": "Bench",
            "lastName": login,
            "networkId": network,
            "mailboxId": mailbox,
            "authLevel": level,
        }
        return self.call("POST", "/v2/users", body, token=token)["userId"]

    def reset(self, token, user_id):
        """Time one REST reset; returns seconds."""
        status, text, secs = self.raw("POST", f"/v2/users/reset/{user_id}", None, {"Authorization": f"Bearer {token}"})
        if status != 200 or '"success":true' not in text:
            raise ApiError(f"reset {user_id}: {status} {text[:200]}")
        return secs

    def soap_login(self, login, password, version="1.1"):
        body = soap_envelope(version, "Login", [("LoginName", login), ("Password", password)])
        status, text, _ = self.raw("POST", ECGRIDOS_PATH, body, soap_headers(version, "Login"))
        start = text.find("<LoginResult>")
        if status != 200 or start < 0:
            raise ApiError(f"SOAP Login: {status} {text[:300]}")
        return text[start + len("<LoginResult>") : text.index("</LoginResult>")]
