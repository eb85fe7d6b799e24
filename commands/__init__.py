"""Command-line commands that work on the database: `flask report …`, `flask export`, `flask users …`,
`flask website-check`, `flask training …`, `flask backup|restore|retention`, `flask company …`,
`flask db upgrade|status`, `flask mail send|status`.

Every command that touches data prints the database it uses (on stderr, so that output meant
for a file stays clean) and refuses to run on a database whose schema is not this code's (one line
naming `flask db upgrade`); the schema commands and backup/restore check for themselves."""

from __future__ import annotations

import functools

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

import demo
import mailer
from storage.db import DatabaseError, schema_status

from .database import db_cli, init_db_command
from .export import aggregate_command, export_command
from .funder import indicators_command
from .operations import backup_command, company_cli, restore_command, retention_command
from .report import report_cli
from .users import users_cli
from trainings.cli import training_cli
from websitecheck.cli import website_check_command

# Commands that manage the schema themselves, and those that work on any schema version
# (backup copies what is there; restore says which schema the backup has).
OWN_SCHEMA_CHECK = ("db", "init-db", "backup", "restore")


def init_app(app) -> None:
    report_cli.add_command(aggregate_command)
    report_cli.add_command(indicators_command)
    app.cli.add_command(export_command)
    for command in (backup_command, restore_command, company_cli, retention_command, db_cli, init_db_command):
        app.cli.add_command(command)
    app.cli.add_command(report_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(website_check_command)
    app.cli.add_command(training_cli)


def guard_all(app) -> None:
    """Wrap every command of ``app.cli`` (after every package registered its own)."""
    for name, command in app.cli.commands.items():
        _guard(command, name)


def _guard(command: click.Command, top: str) -> None:
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _guard(sub, top)
        return
    if command.callback is None or getattr(command.callback, "guarded", False):
        return  # commands are module-level objects: wrapped once for every app
    inner = command.callback

    @functools.wraps(inner)
    def run(*args, **kwargs):
        path = current_app.config["DATABASE"]
        click.echo(f"Database: {path}", err=True)
        if top not in OWN_SCHEMA_CHECK:
            try:
                problem = schema_status(path).problem()
            except DatabaseError as exc:
                raise click.ClickException(str(exc)) from exc
            if problem:
                raise click.ClickException(problem)
        return inner(*args, **kwargs)

    guarded = with_appcontext(run)
    guarded.guarded = True
    command.callback = guarded


def refusing_app(message: str) -> Flask:
    """An app whose commands are listed (``flask --help`` works) and each fails with ``message``:
    a wrong setting is one line, never a traceback."""
    app = Flask("app")
    full = Flask("app")
    init_app(full)
    demo.init_app(full)
    full.cli.add_command(mailer.mail_cli)
    for name, command in full.cli.commands.items():
        app.cli.add_command(_refusing(command, message), name)

    @app.before_request
    def refuse():
        current_app.logger.error("%s", message)
        return "The service is not configured: see the server's log.", 503

    return app


def _refusing(command: click.Command, message: str) -> click.Command:
    if isinstance(command, click.Group):
        group = click.Group(command.name, help=command.help, short_help=command.short_help)
        for name, sub in command.commands.items():
            group.add_command(_refusing(sub, message), name)
        return group

    def fail(**_ignored):
        raise click.ClickException(message)

    return click.Command(command.name, help=command.help, short_help=command.short_help, callback=fail,
                         context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
                         params=[click.Argument(["args"], nargs=-1, required=False)])
