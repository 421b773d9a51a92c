"""ECGridOS v4.1 through a Web Reference proxy that Mono's wsdl tool (Debian `mono-devel`; the
.NET Framework generator the vendor's sample used) generates from the served WSDL, compiled with
mcs and run with mono against the running server, with a SOAP 1.1 proxy and a /protocol:SOAP12
one, the REST side checked at the flow's checkpoints and after it:

- the seeds' flow (tests/interop/dotnet/SeedFlow.cs), proxy from `?WSDL` of a default server;
- the vendor's build472 flow (Build472Flow.cs), proxy from `?WSDL&contract=build472`, in full
  against a `GATEHOUSE_ECGRIDOS_CONTRACT=build472` server and, for what the request decides,
  against a default server; skipped while the server does not serve that contract.

A Web Reference proxy speaks the one SOAP version it was generated for, so each protocol is its
own generated proxy and its own build of the same flow source.
"""

import subprocess
from pathlib import Path

import pytest

from conftest import Server
from soap_flows import (
    PATH,
    FlowUser,
    check_build472_flow,
    check_seed_flow,
    require_build472,
    require_tools,
    run_flow,
)

HERE = Path(__file__).resolve().parent / "dotnet"
PROTOCOLS = {"soap11": "SOAP", "soap12": "SOAP12"}
REFERENCES = ["-r:System.Web.Services.dll", "-r:System.Xml.dll"]


@pytest.fixture(scope="module")
def tools():
    return require_tools("wsdl", "mcs", "mono", install="mono-devel")


def generate_and_compile(tools, workdir, wsdl_url, program):
    """Generate the proxy of `wsdl_url` for each protocol into namespace Ecgridos and compile it
    with Flow.cs and `program`; returns {binding: executable}."""
    programs = {}
    for binding, protocol in PROTOCOLS.items():
        proxy = workdir / f"Proxy{protocol}.cs"
        generated = subprocess.run(
            [tools["wsdl"], "-nologo", f"-protocol:{protocol}", "-namespace:Ecgridos",
             f"-out:{proxy}", wsdl_url],
            capture_output=True, text=True, timeout=300,
        )
        said = (generated.stdout + generated.stderr).strip()
        assert generated.returncode == 0, said
        # The tool's whole answer: anything beside this line is a finding about the served WSDL.
        assert said == f"Writing file '{proxy}'", said
        exe = workdir / f"{Path(program).stem}-{binding}.exe"
        compiled = subprocess.run(
            [tools["mcs"], "-nologo", "-warnaserror+", *REFERENCES, f"-out:{exe}", str(proxy),
             str(HERE / "Flow.cs"), str(HERE / program)],
            capture_output=True, text=True, timeout=300,
        )
        assert compiled.returncode == 0, compiled.stdout + compiled.stderr
        programs[binding] = exe
    return programs


def run_mono(tools, exe, base, user, new_password, *mode):
    cmd = [tools["mono"], str(exe), f"{base}{PATH}", *user.flow_args(new_password), *mode]
    return run_flow(cmd, {"reset": user.reset_checkpoint})


@pytest.fixture(scope="module")
def seed_programs(server, tools, tmp_path_factory):
    return generate_and_compile(
        tools, tmp_path_factory.mktemp("wsdl-seed"), f"{server.base}{PATH}?WSDL", "SeedFlow.cs"
    )


@pytest.mark.parametrize("binding", sorted(PROTOCOLS))
def test_seed_flow(server, tools, seed_programs, binding):
    user = FlowUser(server.base, f"mono_{binding}")
    out = run_mono(tools, seed_programs[binding], server.base, user, "Mono#Pass1")
    assert out["binding"] == binding, out
    check_seed_flow(out, user, binding, "Mono", "mono.example", "Mono#Pass1")


@pytest.fixture(scope="module")
def build472_programs(server, tools, tmp_path_factory):
    return generate_and_compile(
        tools, tmp_path_factory.mktemp("wsdl-build472"), require_build472(server.base),
        "Build472Flow.cs",
    )


@pytest.fixture(scope="module")
def build472_server(build472_programs):
    s = Server({"GATEHOUSE_ECGRIDOS_CONTRACT": "build472"})
    yield s
    s.stop()


@pytest.mark.parametrize("binding", sorted(PROTOCOLS))
def test_build472_flow_against_a_build472_server(build472_server, tools, build472_programs, binding):
    user = FlowUser(build472_server.base, f"mono472_{binding}")
    out = run_mono(tools, build472_programs[binding], build472_server.base, user, "Mono#Pass2",
                   "full")
    assert out["binding"] == binding, out
    check_build472_flow(out, user, binding, "Mono", "mono.example", "Mono#Pass2", full=True)


@pytest.mark.parametrize("binding", sorted(PROTOCOLS))
def test_build472_requests_against_a_default_server(server, tools, build472_programs, binding):
    user = FlowUser(server.base, f"mono472d_{binding}")
    out = run_mono(tools, build472_programs[binding], server.base, user, "Mono#Pass3", "decided")
    assert out["binding"] == binding, out
    check_build472_flow(out, user, binding, "Mono", "mono.example", "Mono#Pass3", full=False)
