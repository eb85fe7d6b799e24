"""Email delivery off the request path: the outbox sender and `flask mail send|status|retry`.

Changes queue their emails with ``storage.outbox.enqueue`` in their own transaction; each web
worker runs one ``SenderThread`` (started at its first request, after gunicorn forked it) when
SMTP is configured and ``MAIL_SENDER_THREAD`` is on; `flask mail send` from cron drains the
outbox too (docs/operations.md, Email). Failures are shown to the coordinator
(``/koordinaattori/sahkopostit``)."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timezone

import click
from flask import current_app, g
from flask.cli import AppGroup

from storage import get_db, outbox

from . import sender, smtp

mail_cli = AppGroup("mail", help="The email outbox: send what is due, show the queue, retry failed messages.")

_threads: dict = {}
_lock = threading.Lock()


def settings(config) -> dict:
    return {key: config.get(key) for key in smtp.SETTINGS}


def start_sender(app) -> None:
    """This process's sender thread, once per process and database (idempotent)."""
    key = (os.getpid(), app.config["DATABASE"])
    with _lock:
        thread = _threads.get(key)
        if thread is None or not thread.is_alive():
            thread = _threads[key] = sender.SenderThread(app.config["DATABASE"], settings(app.config),
                                                         app.config["MAIL_MAX_ATTEMPTS"])
            thread.start()


def wake_sender() -> None:
    """After a request queued mail: the sender looks now instead of at its next round."""
    thread = _threads.get((os.getpid(), current_app.config["DATABASE"]))
    if thread is not None:
        thread.wake.set()


def init_app(app) -> None:
    app.cli.add_command(mail_cli)
    if not app.config.get("MAIL_SERVER") or not app.config["MAIL_SENDER_THREAD"] or app.testing:
        return

    @app.before_request
    def ensure_sender():
        if (os.getpid(), app.config["DATABASE"]) not in _threads:
            start_sender(app)

    @app.teardown_request
    def wake(_exc=None):
        if g.get("mail_queued"):
            wake_sender()


@mail_cli.command("send", help="Deliver every message that is due now (for cron; the workers do it too).")
def send_command():
    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("MAIL_SERVER is not set: there is no mail server to send to")
    result = sender.drain(get_db(), settings(current_app.config), current_app.config["MAIL_MAX_ATTEMPTS"])
    state = outbox.summary(get_db())
    click.echo(f"Sent {result['sent']}, failed and retried later {result['retry']}, given up {result['given_up']}; "
               f"waiting {state['waiting']}, failed in total {state['failed']}.")
    if state["failed"]:
        raise SystemExit(2)  # cron mails the operator


@mail_cli.command("status", help="Messages waiting and given up (no addresses are printed).")
def status_command():
    state = outbox.summary(get_db())
    click.echo(f"Waiting {state['waiting']} (oldest {state['oldest_s']} s), failed {state['failed']}, "
               f"sent in the last 24 h {state['sent_day']}" + (f"; last error {state['last_error']}"
                                                              if state["last_error"] else ""))
    for row in outbox.failed(get_db()):
        queued = current_app.extensions["clock"].local(datetime.fromtimestamp(row["queued_at"], timezone.utc))
        queued = queued.strftime("%Y-%m-%d %H:%M")
        click.echo(f"  failed #{row['id']} {row['kind']} queued {queued}, {row['attempts']} attempts: "
                   f"{row['last_error']}")


@mail_cli.command("retry", help="Try every failed message again.")
def retry_command():
    click.echo(f"{outbox.retry_failed(get_db())} failed messages will be tried again.")
