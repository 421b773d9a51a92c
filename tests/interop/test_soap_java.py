"""ECGridOS v4.1 through a JAX-WS client that wsimport (Debian `jaxws`, JAX-WS RI 2.3) generates
from the served WSDL, compiled with javac and run on the machine's JDK against the running server:
the seeds' flow over the SOAP 1.1 port and the SOAP 1.2 port (tests/interop/java/SeedFlow.java),
with the REST side checked at the flow's checkpoints and after it.

Java 11 and later carry no JAX-WS/JAXB; Debian's jaxws-rt.jar names the runtime's jars (its
manifest Class-Path, all under /usr/share/java), so it alone is the classpath.
"""

import subprocess
from pathlib import Path

import pytest

from soap_flows import (
    PATH,
    SeedUser,
    check_seed_flow,
    require_tools,
    run_flow,
)

HERE = Path(__file__).resolve().parent / "java"
RUNTIME = "/usr/share/java/jaxws-rt.jar"
BINDINGS = ["soap11", "soap12"]

# What wsimport says about any ASMX-style WSDL, the vendor's included: JAX-WS 2.x implements
# SOAP 1.2 over WSDL 1.1 only as an extension (hence -extension, without which it drops the
# Soap12 port), and it has no HTTP-POST binding (the ASMX HttpPost port is skipped). Anything else
# it says is a finding about the served WSDL.
EXPECTED_WARNINGS = {
    'SOAP port "{service}Soap12": uses a non-standard SOAP 1.2 binding.',
    'Port "{service}HttpPost" is not a SOAP port, it has no soap:address',
    'port "{service}HttpPost": not a standard SOAP port. The generated artifacts may not work'
    " with JAX-WS runtime.",
}

JAVA_OPTIONS = [
    # Debian's saaj-impl registers its factory under the service name SAAJ 1.3 used
    # (javax.xml.soap.MetaFactory); the SAAJ 1.4 API beside it then warns on every message.
    # Naming the factory, as any deployment on these jars would, keeps stderr for real problems.
    "-Djavax.xml.soap.SAAJMetaFactory=com.sun.xml.messaging.saaj.soap.SAAJMetaFactoryImpl",
]


@pytest.fixture(scope="module")
def tools():
    return require_tools("wsimport", "javac", "java", install="jaxws")


def wsimport_and_compile(tools, workdir, wsdl_url, package, service, programs):
    """Generate the proxy of `wsdl_url` into `package`, compile it with Flow.java and
    `programs`; returns the classes directory."""
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
    assert warnings == {w.format(service=service) for w in EXPECTED_WARNINGS}, said
    sources = sorted(str(p) for p in src.rglob("*.java"))
    sources += [str(HERE / "Flow.java")] + [str(HERE / p) for p in programs]
    # -Xlint:-path: the manifests of Debian's jars name jars Debian does not ship (ha-api.jar,
    # stax-api.jar, stax.jar); the classes they would add are in the JDK or unused.
    compiled = subprocess.run(
        [tools["javac"], "-encoding", "UTF-8", "-Xlint:all,-path", "-Werror", "-d", str(classes),
         "-cp", RUNTIME, *sources],
        capture_output=True, text=True, timeout=300,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return classes


def java_flow(tools, classes, program, endpoint, binding, args):
    return [tools["java"], *JAVA_OPTIONS, "-cp", f"{classes}:{RUNTIME}", program, endpoint, binding,
            *args]


@pytest.fixture(scope="module")
def seed_classes(server, tools, tmp_path_factory):
    return wsimport_and_compile(
        tools, tmp_path_factory.mktemp("wsimport-seed"), f"{server.base}{PATH}?WSDL",
        "ecgridos.seed", "ECGridOS", ["SeedFlow.java"],
    )


@pytest.mark.parametrize("binding", BINDINGS)
def test_seed_flow(server, tools, seed_classes, binding):
    user = SeedUser(server.base, f"java_{binding}")
    new_password = "Java#Pass1"
    out = run_flow(
        java_flow(tools, seed_classes, "SeedFlow", f"{server.base}{PATH}", binding,
                  user.flow_args(new_password)),
        {"reset": user.reset_checkpoint},
    )
    check_seed_flow(out, user, binding, "Java", "java.example", new_password)
