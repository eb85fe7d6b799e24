"""`flask db upgrade` and `flask db status`: the schema changes only here (and in `flask init-db`,
the same upgrade), as an explicit step of the upgrade procedure (docs/operations.md, Upgrading).
Each applied migration is printed with its time and recorded in the audit log."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from storage import audit
from storage.db import DatabaseError, connect, migrate, schema_status
from storage.files import restrict

db_cli = AppGroup("db", help="The database schema: status, upgrade.")


def upgrade(path: str) -> list[str]:
    """Apply the pending migrations, printing each; returns their names."""
    before = schema_status(path)
    if before.unknown:
        raise click.ClickException(before.problem())
    click.echo(f"Database {path}: schema {len(before.applied)} of {len(before.applied) + len(before.pending)}"
               + (", upgrading" if before.pending else ", up to date"))
    try:
        applied = migrate(path, report=lambda name, seconds: click.echo(f"  applied {name} ({seconds:.2f} s)"))
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    for suffix in ("", "-wal", "-shm"):
        was = restrict(f"{path}{suffix}")
        if was is not None:
            click.echo(f"  {path}{suffix}: readable by its owner only now (was {was:o}, now 600)")
    if applied:
        db = connect(path)
        try:
            audit.record(db, None, "schema_upgraded")
        finally:
            db.close()
        click.echo(f"Database {path}: {len(applied)} migrations applied, schema {len(before.applied) + len(applied)}"
                   " is current")
    return applied


@db_cli.command("upgrade", help="Apply pending migrations (prints each). Part of every upgrade.")
def upgrade_command():
    upgrade(current_app.config["DATABASE"])


@db_cli.command("status", help="The schema version: applied and pending migrations.")
def status_command():
    status = schema_status(current_app.config["DATABASE"])
    total = len(status.applied) + len(status.pending)
    click.echo(f"Database {status.path}: schema {len(status.applied)} of {total}"
               + ("" if status.exists else " (no such file)"))
    for name in status.pending:
        click.echo(f"  pending {name}")
    for name in status.unknown:
        click.echo(f"  unknown to this code {name}")
    problem = status.problem()
    if problem:
        raise click.ClickException(problem)
    click.echo("Schema is current.")


@click.command("init-db", help="Create the database or upgrade its schema (the same as `flask db upgrade`).")
def init_db_command():
    upgrade(current_app.config["DATABASE"])
