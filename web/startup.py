"""What ``create_app`` does about the database, the code on disk and a refused start.

- The schema is changed only by ``flask db upgrade`` / ``flask init-db`` (and ``AUTO_MIGRATE``,
  which tests use). A serving app whose database is not at this code's schema answers every page
  with a 503 "being updated" page and names ``flask db upgrade`` once in the log; ``/terveys``
  says what does not match (``web.health``).
- Each worker preloads its templates and catalogues, so a worker keeps serving the release it
  started with while the next release is being installed over it; the code fingerprint lets the
  health check tell that a reload is pending.
- Under the ``flask`` command line a refused configuration does not break ``flask --help``: the
  commands are listed and each fails with the one line (``commands.refusing_app``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

import click
from flask import current_app, render_template, request
from flask_babel import force_locale, get_translations

from storage.backups import hold_serving_lock
from storage.db import DatabaseError, migrate, schema_status

from .logredact import RedactTokens
from .settings import ConfigError

log = logging.getLogger("digianalyysi")

ROOT = Path(__file__).resolve().parents[1]
RECHECK_S = 2.0  # how often a worker whose schema did not match looks again
LOG_FORMAT = "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"  # as gunicorn's error log


def in_cli() -> bool:
    """Whether the ``flask`` command line is creating the app (it runs inside a click context)."""
    return click.get_current_context(silent=True) is not None


def prepare_database(app) -> None:
    """Check (or, with AUTO_MIGRATE, apply) the schema; never touches a database otherwise."""
    path = app.config["DATABASE"]
    try:
        status = schema_status(path)
        if app.config.get("AUTO_MIGRATE") and not status.current:
            migrate(path)
            status = schema_status(path)
    except DatabaseError as exc:  # a database that cannot be used is a refused setting
        raise ConfigError(f"DATABASE: {exc}") from exc
    app.extensions["schema"] = {"ok": status.current, "checked": time.monotonic()}
    if not status.current and not in_cli():
        log.warning("%s; until then every page answers 503 (being updated)", status.problem())


def schema_problem(app) -> str | None:
    """None when the database matches the code. A mismatch is looked up again every few seconds
    (``flask db upgrade`` may have run meanwhile); a match is remembered."""
    state = app.extensions["schema"]
    if state["ok"]:
        return None
    now = time.monotonic()
    if now - state["checked"] < RECHECK_S and state.get("problem"):
        return state["problem"]
    try:
        status = schema_status(app.config["DATABASE"])
        state.update(ok=status.current, checked=now, problem=status.problem())
    except DatabaseError as exc:  # replaced or damaged under a running worker
        state.update(ok=False, checked=now, problem=str(exc))
    return state["problem"]


def maintenance_guard(app) -> None:
    """Every page answers 503 "being updated" while the schema does not match (the health check
    and static files excepted): never a 500 from code meeting an older or newer schema."""

    @app.before_request
    def refuse_while_schema_differs():
        if request.endpoint in ("health", "static"):
            return None
        if schema_problem(app) is None:
            return None
        return render_template("errors/error.html", status=503), 503, {"Retry-After": "30"}


# The release's own top-level packages and data folders (pyproject.toml's packages; a test keeps
# the two lists equal): installed in site-packages they sit among every other distribution's.
RELEASE = ("accounts", "advisor", "clock", "commands", "coordinator", "demo", "exports", "mailer", "pages",
           "projectdata", "questionnaire", "reports", "scoring", "static", "storage", "surveys", "templates",
           "trainings", "translations", "web", "websitecheck")


def code_fingerprint(root: Path = ROOT) -> str:
    """Size and modification time of every source, template and catalogue file of the release:
    changes when a new release is installed over the running one."""
    digest = hashlib.sha256()
    _add(digest, root / "app.py", root)
    for top in RELEASE:
        for folder, dirs, files in os.walk(root / top):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__pycache__")))
            for name in sorted(files):
                if name.endswith((".py", ".html", ".txt", ".mo", ".toml", ".json")):
                    _add(digest, Path(folder) / name, root)
    return digest.hexdigest()[:16]


def _add(digest, path: Path, root: Path) -> None:
    stat = path.stat()
    digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def serve(app) -> None:
    """A serving process (gunicorn worker, ``flask run``; not a test, not another command):
    marks the database as served (``flask restore`` refuses meanwhile) and preloads."""
    context = click.get_current_context(silent=True)
    if app.testing or (context is not None and context.info_name != "run"):
        return
    app.extensions["serving_lock"] = hold_serving_lock(app.config["DATABASE"])
    preload(app)


def preload(app) -> None:
    """Compile every template and load every catalogue now, so that this worker never reads a
    newer release's files from disk halfway through its life."""
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    with app.app_context():  # the catalogues need the app, not a request
        for lang in app.config["LANGUAGES"]:
            with force_locale(lang):
                get_translations()


def init_logging(app) -> None:
    """Application log lines carry a timestamp and a level (gunicorn's error log shows the same
    format), and go through the same redaction as the access log."""
    root = logging.getLogger()
    if any(getattr(h, "_digianalyysi", False) for h in root.handlers) or _pytest_handlers(root):
        return
    handler = logging.StreamHandler()
    handler._digianalyysi = True
    handler.setFormatter(logging.Formatter(LOG_FORMAT, "%Y-%m-%d %H:%M:%S %z"))
    handler.addFilter(RedactTokens())
    root.addHandler(handler)
    context = click.get_current_context(silent=True)
    if context is None or context.info_name == "run":  # serving; a command prints what it does itself
        root.setLevel(logging.INFO)
    app.logger.propagate = True
    for own in list(app.logger.handlers):  # Flask's default handler would print the line twice
        app.logger.removeHandler(own)


def _pytest_handlers(root) -> bool:
    return any(type(h).__module__.startswith("_pytest") for h in root.handlers)


def current_fingerprint() -> str:
    return current_app.extensions.get("code_fingerprint", "")
