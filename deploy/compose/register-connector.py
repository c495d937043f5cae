"""Registers the Debezium connector once Kafka Connect is healthy (compose service connector-register).

Renders deploy/debezium/connector.template.json like scripts/stack/components/connector.sh does
(envsubst of ${VAR}; an unset variable is an error), upserts its config with
PUT /connectors/<name>/config (idempotent), then waits until the connector and its tasks run.
Standard library only, so it runs in a stock python image.
"""

import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

TEMPLATE = os.environ.get("CONNECTOR_TEMPLATE", "/templates/connector.template.json")
CONNECT_URL = os.environ.get("CONNECT_URL", "http://connect:8083").rstrip("/")
TIMEOUT_S = int(os.environ.get("CONNECTOR_TIMEOUT_S", "120"))
PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(path: str) -> dict:
    text = open(path, encoding="utf-8").read()
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in os.environ})
    if missing:
        sys.exit("template variables not set: " + ", ".join(missing))
    return json.loads(PLACEHOLDER.sub(lambda match: os.environ[match.group(1)], text))


def request(method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(CONNECT_URL + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def main() -> None:
    connector = render(TEMPLATE)
    name = connector["name"]
    status, reply = request("PUT", f"/connectors/{name}/config", connector["config"])
    if status not in (200, 201):
        sys.exit(f"PUT /connectors/{name}/config failed: HTTP {status} {reply}")
    print(f"connector {name} config upserted (HTTP {status})", flush=True)
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        status, reply = request("GET", f"/connectors/{name}/status")
        states = [reply.get("connector", {}).get("state")] + [task.get("state") for task in reply.get("tasks", [])]
        if "FAILED" in states:
            sys.exit(f"connector {name} FAILED: {json.dumps(reply)}")
        if len(states) > 1 and all(state == "RUNNING" for state in states):
            print(f"connector {name} RUNNING", flush=True)
            return
        time.sleep(1)
    sys.exit(f"connector {name} not RUNNING after {TIMEOUT_S}s")


if __name__ == "__main__":
    main()
