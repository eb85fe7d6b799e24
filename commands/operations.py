"""`flask backup`, `flask restore`, `flask company export|erase`, `flask retention`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from stdnum.fi import ytunnus

from storage import audit, backups, companies, get_db, logins, maintenance
from storage.db import connect
from storage.erasures import ledger_for
from storage.files import write_private

from .database import upgrade

company_cli = AppGroup("company", help="One company's data: export (right of access) and erasure.")
# Ledger lines older than every kept backup (the rotation keeps monthly copies for 6 months).
LEDGER_KEEP_DAYS = 200


@click.command("backup", help="Consistent online copy of the database (safe while serving; never migrates).")
@click.argument("target", type=click.Path(dir_okay=False))
def backup_command(target):
    try:
        counts = backups.backup(current_app.config["DATABASE"], target)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up to {target}: integrity ok, " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.command("restore", help="Replace the database with a backup (stop the application first); "
                               "brings it to this code's schema and erases again what the erasure ledger lists.")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def restore_command(source, yes):
    path = current_app.config["DATABASE"]
    try:
        info = backups.describe(source)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    pending = info.pop("pending")
    click.echo(f"Backup {source}: schema {info.pop('schema')}"
               + (f", {len(pending)} migrations behind this code" if pending else ", this code's schema")
               + "; " + ", ".join(f"{k} {v}" for k, v in info.items()))
    if not yes:
        click.confirm(f"Replace {path} with {source}?", abort=True)
    try:
        backups.restore(source, path)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {path}.")
    if pending:
        upgrade(path)
    db = connect(path)
    try:
        done = maintenance.reapply_erasures(db, ledger_for(current_app.config))
    finally:
        db.close()
    click.echo(f"Erasure ledger: {done['companies']} erased companies and {done['drafts']} drafts erased again"
               + (f"; {done['other_key']} lines were made with another SECRET_KEY and could not be matched"
                  if done["other_key"] else "") + ". Run `flask retention` next.")


def _company_id(business_id: str) -> int:
    if not ytunnus.is_valid(business_id):
        raise click.BadParameter("not a valid business ID (Y-tunnus)", param_hint="BUSINESS_ID")
    company_id = companies.id_by_business_id(get_db(), ytunnus.format(business_id))
    if company_id is None:
        raise click.ClickException(f"no company {ytunnus.format(business_id)}")
    return company_id


@company_cli.command("export")
@click.argument("business_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def company_export(business_id, output):
    company_id = _company_id(business_id)
    data = maintenance.company_data(get_db(), company_id)
    write_private(output, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    audit.record(get_db(), None, "cli_company_data_exported", "company", company_id)
    click.echo(f"Wrote {len(data['responses'])} analyses and {len(data['interviews'])} interviews to {output}")


@company_cli.command("erase")
@click.argument("business_id")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def company_erase(business_id, yes):
    company_id = _company_id(business_id)
    if not yes:
        click.confirm(f"Erase every piece of data of {business_id}?", abort=True)
    counts = maintenance.erase_company(get_db(), company_id, None, ledger_for(current_app.config))
    click.echo("Erased: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.command("retention", help="Apply the retention rule (idempotent) and report what was done.")
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
    moment = current_app.extensions["clock"].now() - timedelta(days=LEDGER_KEEP_DAYS)
    dropped = ledger_for(config).prune(moment.isoformat(timespec="seconds"))
    if dropped:
        click.echo(f"{dropped} erasure ledger lines older than {LEDGER_KEEP_DAYS} days (and every backup) removed.")
