"""gunicorn settings for Digianalyysi (see README, Deployment)."""

import multiprocessing
import os

bind = os.environ.get("DIGIANALYYSI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DIGIANALYYSI_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'

from gunicorn.glogging import Logger  # noqa: E402


class RedactingLogger(Logger):
    """Private tokens are in request paths and search terms in query strings: every atom that
    could hold them is redacted (on the decoded path, query string dropped) before anything is
    logged, also the header and environ atoms a changed access_log_format might use."""

    URL_ATOMS = ("U", "f", "{referer}i", "{location}o", "{raw_uri}e", "{path_info}e", "{request_uri}e")

    def atoms(self, resp, req, environ, request_time):
        from web.logredact import redact, redact_target

        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact_target(value) if key in self.URL_ATOMS else redact(value)
        atoms["q"] = atoms["{query_string}e"] = ""
        return atoms


logger_class = RedactingLogger


def on_starting(server):
    """Apply pending migrations once in the master before workers start."""
    from app import create_app

    create_app()
