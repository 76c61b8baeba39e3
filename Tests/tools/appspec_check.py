#!/usr/bin/env python3
"""Check a DigitalOcean App Platform app spec (do/app.yaml) for what App Platform requires.

usage: appspec_check.py FILE [FILE...]

Parses each FILE with PyYAML (YAML 1.1, stricter than App Platform's reader about what
is a string) and checks the rules of the app spec reference
(https://docs.digitalocean.com/products/app-platform/reference/app-spec/) for the fields
FreshTrack uses: required fields, enum values, name formats, image sources with a pinned tag,
health checks, env keys/scopes/types (SECRET envs carry no plain value), managed database
attachments (production databases name their cluster), bindable variables that refer to a
declared database, unique component names, and no unknown keys. Prints "FILE: OK" or one
line per problem; exits 0 when every file passes, 1 otherwise.
"""
import re
import sys

import yaml

NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")
ENV_KEY = re.compile(r"^[_A-Za-z][_A-Za-z0-9]*$")
BINDABLE = re.compile(r"\$\{([A-Za-z0-9_-]+)\.([A-Z_]+)\}")
DB_VARS = {"DATABASE_URL", "HOSTNAME", "PORT", "USERNAME", "PASSWORD", "DATABASE", "CA_CERT"}
ENGINES = {"MYSQL", "PG", "REDIS", "MONGODB", "KAFKA", "OPENSEARCH", "VALKEY"}
REGISTRY_TYPES = {"DOCKER_HUB", "DOCR", "GHCR"}

TOP_KEYS = {"name", "region", "domains", "alerts", "ingress", "services", "workers", "jobs", "databases",
            "static_sites", "envs", "features", "egress", "maintenance", "vpc"}
SERVICE_KEYS = {"name", "image", "http_port", "instance_size_slug", "instance_count", "health_check", "envs",
                "run_command", "internal_ports", "autoscaling", "liveness_health_check", "termination", "alerts",
                "log_destinations"}
WORKER_KEYS = {"name", "image", "run_command", "instance_size_slug", "instance_count", "envs", "autoscaling",
               "termination", "alerts", "log_destinations", "liveness_health_check"}
IMAGE_KEYS = {"registry_type", "registry", "repository", "tag", "digest", "registry_credentials", "deploy_on_push"}
HEALTH_KEYS = {"http_path", "port", "initial_delay_seconds", "period_seconds", "timeout_seconds",
               "success_threshold", "failure_threshold"}
ENV_KEYS = {"key", "scope", "type", "value"}
DB_KEYS = {"name", "engine", "version", "production", "cluster_name", "db_name", "db_user", "size", "num_nodes"}


def check(spec):
    p = []

    def unknown(obj, allowed, where):
        for k in obj:
            if k not in allowed:
                p.append(f"{where}: unknown key {k!r}")

    if not isinstance(spec, dict):
        return ["the document is not a mapping"]
    unknown(spec, TOP_KEYS, "spec")
    if not isinstance(spec.get("name"), str) or not NAME.match(spec["name"]):
        p.append(f"name {spec.get('name')!r} missing or not 2-32 of [a-z0-9-]")
    databases = spec.get("databases") or []
    db_names = set()
    for i, db in enumerate(databases):
        where = f"databases[{i}]"
        unknown(db, DB_KEYS, where)
        if not isinstance(db.get("name"), str) or not NAME.match(db["name"]):
            p.append(f"{where}.name missing or malformed")
        db_names.add(db.get("name"))
        if db.get("engine") not in ENGINES:
            p.append(f"{where}.engine {db.get('engine')!r} not one of {sorted(ENGINES)}")
        if "version" in db and not isinstance(db["version"], str):
            p.append(f"{where}.version must be a string, got {db['version']!r}")
        if not isinstance(db.get("production", False), bool):
            p.append(f"{where}.production must be a boolean")
        if db.get("production") and not isinstance(db.get("cluster_name"), str):
            p.append(f"{where}: production database needs cluster_name")
    components = []

    def check_envs(envs, where):
        for j, e in enumerate(envs or []):
            w = f"{where}.envs[{j}]"
            unknown(e, ENV_KEYS, w)
            if not isinstance(e.get("key"), str) or not ENV_KEY.match(e["key"]):
                p.append(f"{w}.key {e.get('key')!r} malformed")
            if e.get("scope", "RUN_AND_BUILD_TIME") not in {"RUN_TIME", "BUILD_TIME", "RUN_AND_BUILD_TIME"}:
                p.append(f"{w}.scope {e.get('scope')!r} invalid")
            if e.get("type", "GENERAL") not in {"GENERAL", "SECRET"}:
                p.append(f"{w}.type {e.get('type')!r} invalid")
            if e.get("type") == "SECRET" and "value" in e:
                p.append(f"{w}: SECRET env {e.get('key')} carries a value in the bundle's spec")
            if e.get("type", "GENERAL") == "GENERAL" and not isinstance(e.get("value"), str):
                p.append(f"{w}.value of {e.get('key')} must be a string, got {e.get('value')!r}")
            for comp, var in BINDABLE.findall(str(e.get("value", ""))):
                if comp not in db_names:
                    p.append(f"{w}: ${{{comp}.{var}}} refers to no declared database")
                elif var not in DB_VARS:
                    p.append(f"{w}: ${{{comp}.{var}}} is not a database bindable variable")

    def check_image(img, where):
        if not isinstance(img, dict):
            p.append(f"{where}: needs an image source")
            return
        unknown(img, IMAGE_KEYS, f"{where}.image")
        if img.get("registry_type") not in REGISTRY_TYPES:
            p.append(f"{where}.image.registry_type {img.get('registry_type')!r} invalid")
        if img.get("registry_type") in {"DOCKER_HUB", "GHCR"} and not img.get("registry"):
            p.append(f"{where}.image.registry required for {img.get('registry_type')}")
        if not isinstance(img.get("repository"), str) or not img["repository"]:
            p.append(f"{where}.image.repository missing")
        tag = img.get("tag")
        if not isinstance(tag, str) or tag in ("", "latest"):
            p.append(f"{where}.image.tag must be a pinned string tag, got {tag!r}")

    for i, s in enumerate(spec.get("services") or []):
        where = f"services[{i}]"
        unknown(s, SERVICE_KEYS, where)
        components.append(s.get("name"))
        check_image(s.get("image"), where)
        port = s.get("http_port")
        if not isinstance(port, int) or not 1 <= port <= 65535:
            p.append(f"{where}.http_port {port!r} invalid")
        if not isinstance(s.get("instance_size_slug"), str):
            p.append(f"{where}.instance_size_slug missing")
        if not isinstance(s.get("instance_count", 1), int) or s.get("instance_count", 1) < 1:
            p.append(f"{where}.instance_count invalid")
        hc = s.get("health_check")
        if not isinstance(hc, dict) or not str(hc.get("http_path", "")).startswith("/"):
            p.append(f"{where}.health_check.http_path missing")
        else:
            unknown(hc, HEALTH_KEYS, f"{where}.health_check")
            for k, v in hc.items():
                if k != "http_path" and not isinstance(v, int):
                    p.append(f"{where}.health_check.{k} must be an integer")
        check_envs(s.get("envs"), where)
    for i, w in enumerate(spec.get("workers") or []):
        where = f"workers[{i}]"
        unknown(w, WORKER_KEYS, where)
        components.append(w.get("name"))
        check_image(w.get("image"), where)
        if not isinstance(w.get("instance_size_slug"), str):
            p.append(f"{where}.instance_size_slug missing")
        check_envs(w.get("envs"), where)
    components += [d.get("name") for d in databases]
    for c in components:
        if not isinstance(c, str) or not NAME.match(c):
            p.append(f"component name {c!r} malformed")
    if len(set(components)) != len(components):
        p.append(f"component names are not unique: {components}")
    services = {s.get("name") for s in spec.get("services") or []}
    for i, r in enumerate(((spec.get("ingress") or {}).get("rules")) or []):
        if (r.get("component") or {}).get("name") not in services:
            p.append(f"ingress.rules[{i}] routes to no service")
    for i, d in enumerate(spec.get("domains") or []):
        if d.get("type") not in {"DEFAULT", "PRIMARY", "ALIAS"} or not isinstance(d.get("domain"), str):
            p.append(f"domains[{i}] invalid")
    return p


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    ok = True
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            try:
                spec = yaml.safe_load(f)
            except yaml.YAMLError as e:
                print(f"{path}: does not parse: {e}")
                ok = False
                continue
        problems = check(spec)
        for q in problems:
            print(f"{path}: {q}")
        if not problems:
            print(f"{path}: OK")
        ok = ok and not problems
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
