#!/usr/bin/env python3
"""Static checks of docker-compose.yml (issue #18), run by CI without a Docker daemon:

- no credential is committed: every password-like value is a required `${VAR:?...}`
  substitution (compose refuses to start without it), never a literal or a `${VAR:-default}`;
- every published port is bound to 127.0.0.1 unless the operator sets a variable;
- every service has a restart policy, and every health check a start period;
- next to it, the Dockerfile has a VOLUME, a health check start period, a non-root user and a
  dependency layer, and .dockerignore leaves out .git, target, node_modules, .venv and .env.

Exit status 1 with one line per problem. Usage: deploy/check-compose.py [docker-compose.yml]
"""
import re
import sys

import yaml

SECRET_KEY = re.compile(r"(PASSWORD|SECRET|TOKEN|_KEY$|DATABASE_URL)", re.I)
REQUIRED = re.compile(r"\$\{[A-Z0-9_]+:\?[^}]*\}")
DEFAULTED = re.compile(r"\$\{[A-Z0-9_]+:?-[^}]*\}")
LOOPBACK_PORT = re.compile(r"^(127\.0\.0\.1|\$\{[A-Z0-9_]+:-127\.0\.0\.1\}):\d+:\d+(/tcp|/udp)?$")


def env_items(env):
    if isinstance(env, dict):
        return [(k, "" if v is None else str(v)) for k, v in env.items()]
    return [tuple(item.split("=", 1)) if "=" in item else (item, "") for item in env or []]


def check(doc):
    problems = []
    services = doc.get("services") or {}
    if not services:
        problems.append("no services")
    for name, svc in services.items():
        for key, value in env_items(svc.get("environment")):
            if key.endswith("_FILE") or not SECRET_KEY.search(key):
                continue
            if key.endswith("DATABASE_URL") and "@" not in value and "://" in value:
                continue  # a URL without credentials
            credential = value.split("@")[0] if key.endswith("DATABASE_URL") else value
            if DEFAULTED.search(credential):
                problems.append(f"{name}: {key} has a default value: {value}")
            elif not REQUIRED.search(credential):
                problems.append(f"{name}: {key} is not a required ${{VAR:?...}} substitution: {value}")
        for port in svc.get("ports") or []:
            if isinstance(port, dict):
                ok = port.get("host_ip") == "127.0.0.1"
                text = str(port)
            else:
                text = str(port)
                ok = bool(LOOPBACK_PORT.match(text))
            if not ok:
                problems.append(f"{name}: port {text} is not bound to 127.0.0.1 by default")
        if not svc.get("restart"):
            problems.append(f"{name}: no restart policy")
        health = svc.get("healthcheck")
        if health is None or not health.get("start_period"):
            problems.append(f"{name}: no health check with a start_period")
    return problems


def check_image(dockerfile, dockerignore):
    """The image keeps its data on a volume, probes health with a start period, runs as a
    user, and builds its dependencies in a layer of their own; the build context leaves out
    the repository, build output and local environments."""
    problems = []
    text = open(dockerfile).read()
    if not re.search(r"^VOLUME\b", text, re.M):
        problems.append(f"{dockerfile}: no VOLUME for the data directory")
    if not re.search(r"^HEALTHCHECK\b.*--start-period=", text, re.M):
        problems.append(f"{dockerfile}: HEALTHCHECK without --start-period")
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    if not users or users[-1] in ("root", "0"):
        problems.append(f"{dockerfile}: the image runs as root")
    lock, sources = text.find("COPY Cargo.toml Cargo.lock"), text.find("COPY crates crates")
    if lock < 0 or sources < 0 or text.find("cargo build", lock) > sources:
        problems.append(f"{dockerfile}: no dependency layer built before the sources are copied")
    ignored = {line.strip() for line in open(dockerignore) if line.strip() and not line.startswith("#")}
    for needed in (".git", "target", "**/node_modules", ".venv", ".env"):
        if needed not in ignored:
            problems.append(f"{dockerignore}: does not leave out {needed}")
    return problems


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"
    with open(path) as f:
        doc = yaml.safe_load(f)
    problems = check(doc)
    root = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    try:
        problems += check_image(root + "Dockerfile", root + ".dockerignore")
    except FileNotFoundError as e:
        problems.append(f"missing {e.filename}")
    for p in problems:
        print(f"{path}: {p}")
    if problems:
        return 1
    print(f"{path}: ok ({len(doc['services'])} services)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
