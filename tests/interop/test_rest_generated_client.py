"""The REST API through a client generated from the committed openapi/openapi.json by
openapi-python-client (.ci/run generates it into tests/interop/generated and installs it)."""

from gatehouse_client import AuthenticatedClient, Client
from gatehouse_client.api.audit import list_audit
from gatehouse_client.api.auth import login, session_info
from gatehouse_client.api.users import (
    create_user,
    get_user,
    reset_sessions,
    set_password,
    update_user,
)
from gatehouse_client.models import (
    CreateUserBody,
    ErrorEnvelope,
    LoginBody,
    SetPasswordBody,
    UpdateUserBody,
)
from gatehouse_client.models.auth_level import AuthLevel
from gatehouse_client.models.error_code import ErrorCode

from conftest import ROOT_LOGIN, ROOT_PASSWORD


def _token(base, user, password):
    resp = login.sync(client=Client(base_url=base), body=LoginBody(login=user, password=password))
    assert not isinstance(resp, ErrorEnvelope), resp
    assert resp.success
    return resp.data.token


def test_create_update_set_password_reset_and_audit_through_the_generated_client(server):
    admin = AuthenticatedClient(base_url=server.base, token=_token(server.base, ROOT_LOGIN, ROOT_PASSWORD))

    created = create_user.sync(
        client=admin,
        body=CreateUserBody(
            login="genclient",
            password="Gen#client1",
            email="gen@example.com",
            first_name="Gen",
            network_id=1,
            mailbox_id=100,
            auth_level=AuthLevel.MAILBOXUSER,
        ),
    )
    assert created.success, created
    user_id = created.data.user_id
    assert created.data.login == "genclient"
    assert created.data.auth_level == AuthLevel.MAILBOXUSER

    updated = update_user.sync(client=admin, body=UpdateUserBody(user_id=user_id, last_name="Client"))
    assert updated.success, updated
    assert (updated.data.first_name, updated.data.last_name, updated.data.email) == ("Gen", "Client", "gen@example.com")

    user_token = _token(server.base, "genclient", "Gen#client1")
    as_user = AuthenticatedClient(base_url=server.base, token=user_token)
    assert session_info.sync(client=as_user).success

    weak = set_password.sync(client=admin, body=SetPasswordBody(user_id=user_id, new_password="weak"))
    assert isinstance(weak, ErrorEnvelope) and weak.error_code is ErrorCode.INVALIDPARAMETER, weak

    done = set_password.sync(client=admin, body=SetPasswordBody(user_id=user_id, new_password="Gen#client2"))
    assert done.success and done.data is True, done
    revoked = session_info.sync(client=as_user)
    assert isinstance(revoked, ErrorEnvelope) and revoked.error_code is ErrorCode.INVALIDSESSION, revoked

    second = AuthenticatedClient(base_url=server.base, token=_token(server.base, "genclient", "Gen#client2"))
    assert reset_sessions.sync(user_id, client=admin).success
    gone = session_info.sync(client=second)
    assert isinstance(gone, ErrorEnvelope) and gone.error_code is ErrorCode.INVALIDSESSION, gone

    fetched = get_user.sync(user_id, client=admin)
    assert fetched.success and fetched.data.last_name == "Client"

    trail = list_audit.sync(client=admin, user_id=user_id, limit=50)
    assert trail.success, trail
    actions = [(e.action, e.outcome, e.front_end) for e in trail.data if e.target_user_id == user_id]
    for expected in [
        ("user.update", "ok", "rest"),
        ("password.set", "InvalidParameter", "rest"),
        ("password.set", "ok", "rest"),
        ("session.reset", "ok", "rest"),
    ]:
        assert expected in actions, (expected, actions)
    ids = [e.id for e in trail.data]
    assert ids == sorted(ids, reverse=True)


def test_every_generated_module_imports():
    """A generator bug (an `Unset` it does not import) once made whole API modules unusable."""
    import importlib
    import pkgutil

    import gatehouse_client.api as api

    names = [m.name for m in pkgutil.walk_packages(api.__path__, "gatehouse_client.api.")]
    assert any(n.endswith(".auth_test") for n in names), names
    for name in names:
        importlib.import_module(name)


def test_the_generated_models_are_named_for_the_domain_and_not_repeated():
    """Issue #17: no model named for a response status or a Rust type, and no two models with
    the same fields (the user shape once, not once per operation)."""
    import inspect

    import gatehouse_client.models as models

    classes = [c for _, c in inspect.getmembers(models, inspect.isclass) if c.__module__.startswith("gatehouse_client.models")]
    names = [c.__name__ for c in classes]
    assert "UserIDInfo" in names and "ErrorCode" in names and "AuthLevel" in names, names
    leaked = [n for n in names if "Response200" in n or "Dto" in n]
    assert not leaked, leaked
    shapes = {}
    for c in classes:
        fields = tuple(sorted(getattr(c, "__attrs_attrs__", None) and [a.name for a in c.__attrs_attrs__] or []))
        if len(fields) > 1:
            shapes.setdefault(fields, []).append(c.__name__)
    # The per-payload envelopes share `success, data, error_code, message` by design; their
    # `data` types differ, so they are not repeats of one model.
    repeated = {f: n for f, n in shapes.items() if len(n) > 1 and f != ("additional_properties", "data", "error_code", "message", "success")}
    assert not repeated, repeated
