"""ECGridOS v4.1 through a Web Reference proxy that Mono's wsdl tool (Debian `mono-devel`; the
.NET Framework generator the vendor's sample used) generates from the served WSDL, compiled with
mcs and run with mono against the running server: the seeds' flow
(tests/interop/dotnet/SeedFlow.cs) with a SOAP 1.1 proxy and with a /protocol:SOAP12 one, the
REST side checked at the flow's checkpoints and after it.

A Web Reference proxy speaks the one SOAP version it was generated for, so each protocol is its
own generated proxy and its own build of the same flow source.
"""

import subprocess
from pathlib import Path

import pytest

from soap_flows import PATH, SeedUser, check_seed_flow, require_tools, run_flow

HERE = Path(__file__).resolve().parent / "dotnet"
PROTOCOLS = {"soap11": "SOAP", "soap12": "SOAP12"}
REFERENCES = ["-r:System.Web.Services.dll", "-r:System.Xml.dll"]


@pytest.fixture(scope="module")
def tools():
    return require_tools("wsdl", "mcs", "mono", install="mono-devel")


def generate_and_compile(tools, workdir, wsdl_url, protocol, program):
    """Generate the proxy of `wsdl_url` for `protocol` into namespace Ecgridos and compile it
    with Flow.cs and `program`; returns the executable."""
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
    exe = workdir / f"{Path(program).stem}-{protocol}.exe"
    compiled = subprocess.run(
        [tools["mcs"], "-nologo", "-warnaserror+", *REFERENCES, f"-out:{exe}", str(proxy),
         str(HERE / "Flow.cs"), str(HERE / program)],
        capture_output=True, text=True, timeout=300,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return exe


@pytest.fixture(scope="module")
def seed_programs(server, tools, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("wsdl-seed")
    return {
        binding: generate_and_compile(tools, workdir, f"{server.base}{PATH}?WSDL", protocol,
                                      "SeedFlow.cs")
        for binding, protocol in PROTOCOLS.items()
    }


@pytest.mark.parametrize("binding", sorted(PROTOCOLS))
def test_seed_flow(server, tools, seed_programs, binding):
    user = SeedUser(server.base, f"mono_{binding}")
    new_password = "Mono#Pass1"
    out = run_flow(
        [tools["mono"], str(seed_programs[binding]), f"{server.base}{PATH}",
         *user.flow_args(new_password)],
        {"reset": user.reset_checkpoint},
    )
    assert out["binding"] == binding, out
    check_seed_flow(out, user, binding, "Mono", "mono.example", new_password)
