"""gunicorn settings for Digianalyysi (README and docs/operations.md, Deployment and Upgrading).

Nothing of the application is imported in the master process: every worker imports the code and
reads its templates when it starts, so a graceful reload (``kill -HUP <master>``) after an upgrade
serves the new release in every new worker. The schema is never changed here: ``flask db upgrade``
is a step of the upgrade procedure, and a worker whose database is not at its schema answers 503
"being updated" (``/terveys`` says why).

Every line gunicorn writes is redacted: the access log (no query strings, private tokens in paths
replaced by ``<token>``) and the error log (a worker timeout or a malformed request line names the
request). The redaction is ``web/logredact.py``, loaded from its file under a private name, so the
master never holds an application module that workers would inherit.
"""

import importlib.util
import logging
import multiprocessing
import os
import re
from pathlib import Path

bind = os.environ.get("DIGIANALYYSI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DIGIANALYYSI_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("DIGIANALYYSI_ACCESS_LOG", "-")
# time, client address (the proxy's own behind a proxy: the client's is in X-Forwarded-For, which
# is not logged), request line, status, bytes, seconds
access_log_format = '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(L)ss'

from gunicorn.glogging import Logger  # noqa: E402
from gunicorn.http import wsgi as _gunicorn_wsgi  # noqa: E402

REDACTION_KEY = "digianalyysi_redaction"


def _load_redaction():
    """web/logredact.py (standard library only) as a private module, from wherever the application
    is installed; re-read on every reload, since gunicorn executes this file again then."""
    spec = importlib.util.find_spec("web")  # finds the package without importing it
    locations = list(spec.submodule_search_locations or []) if spec else []
    candidates = [Path(location) / "logredact.py" for location in locations]
    candidates.append(Path(__file__).resolve().parent / "web" / "logredact.py")
    path = next(p for p in candidates if p.is_file())
    private = importlib.util.spec_from_file_location("digianalyysi_gunicorn_logredact", path)
    module = importlib.util.module_from_spec(private)
    private.loader.exec_module(module)
    return module


_redaction = _load_redaction()
setattr(logging.getLogger("gunicorn.error"), REDACTION_KEY, _redaction)


def _redactor():
    return getattr(logging.getLogger("gunicorn.error"), REDACTION_KEY)


class RedactingFilter(logging.Filter):
    """The error log: the message with its arguments, and the traceback of an exception, redacted
    (a worker timeout names the request; a malformed request line is logged as it came)."""

    digianalyysi = True

    def filter(self, record: logging.LogRecord) -> bool:
        redaction = _redactor()
        text = redaction.redact(record.getMessage())
        if record.exc_info:
            trace = logging.Formatter().formatException(record.exc_info)
            text = f"{text}\n{redaction.redact(trace)}"
            record.exc_info = record.exc_text = None
        record.msg, record.args = _hide_queries(text), None
        return True


QUERY = re.compile(r"(\?)[^\s\"']+")


def _hide_queries(text: str) -> str:
    """Query strings anywhere in an error line (search terms, email addresses) become ``?…``."""
    return QUERY.sub(r"\1…", text)


_error_log = logging.getLogger("gunicorn.error")
for _old in [f for f in _error_log.filters if getattr(f, "digianalyysi", False)]:
    _error_log.removeFilter(_old)
_error_log.addFilter(RedactingFilter())


class RedactingLogger(Logger):
    """Private tokens are in request paths and search terms in query strings: every atom that
    could hold them is redacted (on the decoded path, query string dropped) before anything is
    logged, also the header and environ atoms a changed access_log_format might use."""

    URL_ATOMS = ("U", "f", "{referer}i", "{location}o", "{raw_uri}e", "{path_info}e", "{request_uri}e")

    def atoms(self, resp, req, environ, request_time):
        redaction = _redactor()
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redaction.redact_target(value) if key in self.URL_ATOMS else redaction.redact(value)
        atoms["q"] = atoms["{query_string}e"] = ""
        return atoms


logger_class = RedactingLogger


def _without_server_header(default_headers):
    """gunicorn names itself in a ``Server`` header on every response: not sent."""
    if getattr(default_headers, "digianalyysi", False):
        return default_headers

    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    headers.digianalyysi = True
    return headers


_gunicorn_wsgi.Response.default_headers = _without_server_header(_gunicorn_wsgi.Response.default_headers)


def control_socket_path(address) -> str:
    """One control socket per instance (``gunicornc -s PATH``): DIGIANALYYSI_CONTROL_SOCKET, else
    named after the address the instance listens on, in $XDG_RUNTIME_DIR or ~/.gunicorn."""
    if os.environ.get("DIGIANALYYSI_CONTROL_SOCKET"):
        return os.environ["DIGIANALYYSI_CONTROL_SOCKET"]
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) if runtime and os.path.isdir(runtime) else Path.home() / ".gunicorn"
    listens = "_".join(str(a) for a in address) if address else bind
    return str(folder / ("digianalyysi-" + re.sub(r"[^A-Za-z0-9.-]+", "-", listens).strip("-") + ".ctl"))


def on_starting(server):
    """Nothing of the application here (see the module's docstring); only the control socket's
    per-instance path, from the address given on the command line or in DIGIANALYYSI_BIND."""
    server.cfg.set("control_socket", control_socket_path(server.cfg.address))
