"""``GET /terveys`` for the load balancer and the upgrade procedure: 200 only when this worker
can serve pages. It fails (503, naming what) when

- the database cannot be read, or cannot take a write (a write transaction on a fresh
  connection, rolled back: a read-only file or file system, a lock held too long);
- its file system has less than ``HEALTH_MIN_FREE_MB`` free;
- the schema is not this code's (migrations pending: run ``flask db upgrade``; or newer code
  migrated it);
- a real page template does not render (templates of another release than the code);
- the code installed on disk is not the code this worker runs (a reload is pending).

No personal data in the answer. What was found (paths, error texts) only goes to the addresses of
``HEALTH_DETAIL_FROM`` (the host itself by default: the upgrade procedure's ``curl``); anyone else
gets ``{"status": ...}`` with the same status code, from a result at most ``PUBLIC_EVERY``
seconds old, so that requests from outside cannot take the database's write lock over and over.
"""

from __future__ import annotations

import ipaddress
import shutil
import time
from pathlib import Path

from flask import current_app, jsonify, render_template, request

from storage import get_db
from storage.db import schema_status, write_probe

from .security import csrf
from .startup import code_fingerprint, current_fingerprint


PUBLIC_EVERY = 2.0  # seconds a result answers the public
_public = {"at": -1e9, "key": None, "healthy": False}


def _checks(config) -> dict:
    return {"database": _read(), "write": _write(config["DATABASE"]), "disk": _disk(config),
            "schema": _schema(config["DATABASE"]), "templates": _templates(), "code": _code()}


def _detail_allowed(config) -> bool:
    try:
        client = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    client = client.ipv4_mapped or client if client.version == 6 else client
    return any(client in ipaddress.ip_network(net, strict=False) for net in config["HEALTH_DETAIL_FROM"])


def health():
    config = current_app.config
    if _detail_allowed(config):
        checks = _checks(config)
        healthy = all(value == "ok" for value in checks.values())
        return jsonify(status="ok" if healthy else "error", **checks), 200 if healthy else 503
    now, key = time.monotonic(), config["DATABASE"]
    if now - _public["at"] > PUBLIC_EVERY or _public["key"] != key:
        healthy = all(value == "ok" for value in _checks(config).values())
        _public.update(at=now, key=key, healthy=healthy)
    healthy = _public["healthy"]
    return jsonify(status="ok" if healthy else "error"), 200 if healthy else 503


def _read() -> str:
    try:
        get_db().execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:  # noqa: BLE001 - any database failure is "unhealthy"
        return "unavailable"
    return "ok"


def _write(path: str) -> str:
    problem = write_probe(path)
    return "ok" if problem is None else f"cannot write: {problem}"


def _disk(config) -> str:
    try:
        free = shutil.disk_usage(Path(config["DATABASE"]).parent).free // (1024 * 1024)
    except OSError as exc:
        return f"unknown: {exc.strerror}"
    minimum = config["HEALTH_MIN_FREE_MB"]
    return "ok" if free >= minimum else f"low: {free} MB free (at least {minimum} MB wanted)"


def _schema(path: str) -> str:
    try:
        problem = schema_status(path).problem()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return f"unreadable: {exc}"
    return "ok" if problem is None else problem.replace(f"database {path} ", "database ")


def _templates() -> str:
    try:
        render_template("errors/error.html", status=404)
    except Exception as exc:  # noqa: BLE001 - a template of another release fails here
        return f"error: {type(exc).__name__}: {exc}"
    return "ok"


_disk_code = {"at": -1e9, "fingerprint": ""}


def _code() -> str:
    """The code this worker started with against the files on disk (read at most every 5 s)."""
    started = current_fingerprint()
    if not started:
        return "ok"
    if time.monotonic() - _disk_code["at"] > 5 or _disk_code["fingerprint"] != started:
        _disk_code.update(at=time.monotonic(), fingerprint=code_fingerprint())
    if _disk_code["fingerprint"] == started:
        return "ok"
    return "the code on disk is not the code this worker runs: reload pending"


def init_app(app) -> None:
    app.add_url_rule("/terveys", "health", health)
    csrf.exempt(health)
    if not app.testing:
        app.extensions["code_fingerprint"] = code_fingerprint()
