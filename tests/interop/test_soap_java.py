"""ECGridOS v4.1 through a JAX-WS client that wsimport (Debian `jaxws`, JAX-WS RI 2.3) generates
from the served WSDL, compiled with javac and run on the machine's JDK against the running server,
over the SOAP 1.1 port and the SOAP 1.2 port, with the REST side checked at the flow's checkpoints
and after it:

- the seeds' flow (tests/interop/java/SeedFlow.java), proxy from `?WSDL` of a default server;
- the vendor's build472 flow (Build472Flow.java), proxy from `?WSDL&contract=build472`, in full
  against a `GATEHOUSE_ECGRIDOS_CONTRACT=build472` server and, for what the request decides,
  against a default server; skipped while the server does not serve that contract.

Java 11 and later carry no JAX-WS/JAXB; Debian's jaxws-rt.jar names the runtime's jars (its
manifest Class-Path, all under /usr/share/java), so it alone is the classpath.
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
    wsdl_ports,
)

HERE = Path(__file__).resolve().parent / "java"
RUNTIME = "/usr/share/java/jaxws-rt.jar"
BINDINGS = ["soap11", "soap12"]

# What wsimport says about any ASMX-style WSDL, the vendor's included: JAX-WS 2.x implements
# SOAP 1.2 over WSDL 1.1 only as an extension (hence -extension, without which it drops the
# Soap12 port), and it has no HTTP binding (the ASMX HttpPost/HttpGet ports get no usable proxy).
# Anything else it says is a finding about the served WSDL.
PORT_WARNINGS = {
    "soap": [],
    "soap12": ['SOAP port "{port}": uses a non-standard SOAP 1.2 binding.'],
    "http": [
        'Port "{port}" is not a SOAP port, it has no soap:address',
        'port "{port}": not a standard SOAP port. The generated artifacts may not work with JAX-WS'
        " runtime.",
    ],
}

JAVA_OPTIONS = [
    # Debian's saaj-impl registers its factory under the service name SAAJ 1.3 used
    # (javax.xml.soap.MetaFactory); the SAAJ 1.4 API beside it then warns on every message.
    # Naming the factory, as any deployment on these jars would, keeps stderr for real problems.
    "-Djavax.xml.soap.SAAJMetaFactory=com.sun.xml.messaging.saaj.soap.SAAJMetaFactoryImpl",
]


@pytest.fixture(scope="module")
def tools():
    return require_tools("wsimport", "javac", "java", install="jaxws openjdk-17-jdk-headless")


def wsimport_and_compile(tools, workdir, wsdl_url, package, program):
    """Generate the proxy of `wsdl_url` into `package` and compile it with Flow.java and
    `program`; returns the classes directory."""
    src, classes = workdir / "src", workdir / "classes"
    src.mkdir()
    classes.mkdir()
    generated = subprocess.run(
        [tools["wsimport"], "-extension", "-keep", "-Xnocompile", "-s", str(src), "-p", package,
         wsdl_url],
        capture_output=True, text=True, timeout=300,
    )
    said = generated.stdout + generated.stderr
    assert generated.returncode == 0, said
    warnings = {line.split("] ", 1)[1].strip() for line in said.splitlines() if line.startswith("[")}
    expected = {
        w.format(port=port) for port, kind in wsdl_ports(wsdl_url).items() for w in PORT_WARNINGS[kind]
    }
    assert warnings == expected, said
    # -Xlint:-path: the manifests of Debian's jars name jars Debian does not ship (ha-api.jar,
    # stax-api.jar, stax.jar); the classes they would add are in the JDK or unused.
    compiled = subprocess.run(
        [tools["javac"], "-encoding", "UTF-8", "-Xlint:all,-path", "-Werror", "-d", str(classes),
         "-cp", RUNTIME, *sorted(str(p) for p in src.rglob("*.java")), str(HERE / "Flow.java"),
         str(HERE / program)],
        capture_output=True, text=True, timeout=300,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return classes


def run_java(tools, classes, program, base, binding, user, new_password, *mode):
    cmd = [tools["java"], *JAVA_OPTIONS, "-cp", f"{classes}:{RUNTIME}", program, f"{base}{PATH}",
           binding, *user.flow_args(new_password), *mode]
    return run_flow(cmd, {"reset": user.reset_checkpoint})


@pytest.fixture(scope="module")
def seed_classes(server, tools, tmp_path_factory):
    return wsimport_and_compile(
        tools, tmp_path_factory.mktemp("wsimport-seed"), f"{server.base}{PATH}?WSDL",
        "ecgridos.seed", "SeedFlow.java",
    )


@pytest.mark.parametrize("binding", BINDINGS)
def test_seed_flow(server, tools, seed_classes, binding):
    user = FlowUser(server.base, f"java_{binding}")
    out = run_java(tools, seed_classes, "SeedFlow", server.base, binding, user, "Java#Pass1")
    check_seed_flow(out, user, binding, "Java", "java.example", "Java#Pass1")


@pytest.fixture(scope="module")
def build472_classes(server, tools, tmp_path_factory):
    return wsimport_and_compile(
        tools, tmp_path_factory.mktemp("wsimport-build472"), require_build472(server.base),
        "ecgridos.build472", "Build472Flow.java",
    )


@pytest.fixture(scope="module")
def build472_server(build472_classes):
    s = Server({"GATEHOUSE_ECGRIDOS_CONTRACT": "build472"})
    yield s
    s.stop()


@pytest.mark.parametrize("binding", BINDINGS)
def test_build472_flow_against_a_build472_server(build472_server, tools, build472_classes, binding):
    user = FlowUser(build472_server.base, f"java472_{binding}")
    out = run_java(tools, build472_classes, "Build472Flow", build472_server.base, binding, user,
                   "Java#Pass2", "full")
    check_build472_flow(out, user, binding, "Java", "java.example", "Java#Pass2", full=True)


@pytest.mark.parametrize("binding", BINDINGS)
def test_build472_requests_against_a_default_server(server, tools, build472_classes, binding):
    user = FlowUser(server.base, f"java472d_{binding}")
    out = run_java(tools, build472_classes, "Build472Flow", server.base, binding, user,
                   "Java#Pass3", "decided")
    check_build472_flow(out, user, binding, "Java", "java.example", "Java#Pass3", full=False)
