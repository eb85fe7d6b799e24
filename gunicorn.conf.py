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
    """Resume tokens are in request paths: replace them before anything is logged."""

    def atoms(self, resp, req, environ, request_time):
        from web.logredact import redact

        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger


def on_starting(server):
    """Apply pending migrations once in the master before workers start."""
    from app import create_app

    create_app()
