"""`flask backup`, `flask restore`, `flask company export|erase`, `flask retention`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from stdnum.fi import ytunnus

from storage import get_db
from storage import logins, maintenance

company_cli = AppGroup("company", help="One company's data: export (right of access) and erasure.")


@click.command("backup", help="Consistent online copy of the database (safe while serving).")
@click.argument("target", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(target):
    try:
        counts = maintenance.backup(current_app.config["DATABASE"], target)
    except maintenance.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up to {target}: integrity ok, " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.command("restore", help="Replace the database with a backup (stop the application first).")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@with_appcontext
def restore_command(source, yes):
    if not yes:
        click.confirm(f"Replace {current_app.config['DATABASE']} with {source}?", abort=True)
    try:
        counts = maintenance.restore(source, current_app.config["DATABASE"])
    except maintenance.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Restored: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def _company_id(business_id: str) -> int:
    if not ytunnus.is_valid(business_id):
        raise click.BadParameter("not a valid business ID (Y-tunnus)", param_hint="BUSINESS_ID")
    rows = list(get_db().query("SELECT id FROM companies WHERE business_id = ?", [ytunnus.format(business_id)]))
    if not rows:
        raise click.ClickException(f"no company {ytunnus.format(business_id)}")
    return rows[0]["id"]


@company_cli.command("export")
@click.argument("business_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def company_export(business_id, output):
    data = maintenance.company_data(get_db(), _company_id(business_id))
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
    click.echo(f"Wrote {len(data['responses'])} analyses and {len(data['interviews'])} interviews to {output}")


@company_cli.command("erase")
@click.argument("business_id")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def company_erase(business_id, yes):
    company_id = _company_id(business_id)
    if not yes:
        click.confirm(f"Erase every piece of data of {business_id}?", abort=True)
    counts = maintenance.erase_company(get_db(), company_id, None)
    click.echo("Erased: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.command("retention", help="Apply the retention rule (idempotent) and report what was done.")
@with_appcontext
def retention_command():
    config = current_app.config
    before = None
    if config.get("PROJECT_END"):
        end = date.fromisoformat(str(config["PROJECT_END"]))
        months = int(config.get("RETENTION_MONTHS_AFTER_END", 12))
        anonymise_from = date(end.year + (end.month - 1 + months) // 12, (end.month - 1 + months) % 12 + 1,
                              min(end.day, 28))
        today = current_app.extensions["clock"].today()
        if today >= anonymise_from:
            before = (today + timedelta(days=1)).isoformat()  # everything submitted so far
    result = maintenance.apply_retention(get_db(), before, int(config.get("DRAFT_RETENTION_DAYS", 365)))
    click.echo(f"Contact details removed from {result['anonymised']} analyses and names from "
               f"{result['interviews_cleared']} interviews; {result['drafts_deleted']} old drafts deleted."
               + ("" if before else " (Contact details are kept until PROJECT_END + RETENTION_MONTHS_AFTER_END.)"))
    click.echo(f"{logins.prune(get_db())} expired login records (failed attempts, known addresses, sessions) deleted.")
