"""Demo data and database CLI commands: `flask init-db`, `flask demo load|ensure`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from storage import get_db
from storage import demo as demo_store
from storage.db import migrate

from questionnaire.flow import score_row

from .generate import generate

demo_cli = AppGroup("demo", help="Synthetic demo data (seeded, realistic South Savo companies).")


def _survey():
    return current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])


def _load(count: int, seed: int, drafts: int) -> list:
    survey = _survey()
    method = current_app.extensions["surveys"].method(survey)
    items = generate(survey, count=count, seed=seed, drafts=drafts)
    demo_store.load_responses(get_db(), survey, items, lambda answers: score_row(survey, method, answers))
    return items


def _print_links(items, base_url: str) -> None:
    click.echo("Demo logins (private links of demo companies; advisor logins arrive with the advisor workspace):")
    for item in [i for i in items if i.submitted][:3]:
        click.echo(f"  {item.answers['company_name']}: {base_url}/a/{item.token}")
    for item in [i for i in items if not i.submitted][:1]:
        click.echo(f"  unfinished draft: {base_url}/a/{item.token}")


@click.command("init-db", help="Create or upgrade the database schema.")
def init_db_command():
    applied = migrate(current_app.config["DATABASE"])
    click.echo(f"Database {current_app.config['DATABASE']}: " + (f"applied {', '.join(applied)}" if applied else "up to date"))


@demo_cli.command("load", help="Add demo companies and their analyses.")
@click.option("--companies", default=300, show_default=True)
@click.option("--drafts", default=20, show_default=True)
@click.option("--seed", default=2025, show_default=True)
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
def load_command(companies, drafts, seed, base_url):
    items = _load(companies, seed, drafts)
    click.echo(f"Loaded {companies} submitted analyses and {drafts} drafts (seed {seed}).")
    _print_links(items, base_url)


@demo_cli.command("ensure", help="Load the demo data only when the database has no responses.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
def ensure_command(base_url):
    if demo_store.is_empty(get_db()):
        items = _load(300, 2025, 20)
        click.echo("Loaded 300 demo companies and 20 drafts (seed 2025).")
    else:
        items = generate(_survey(), count=300, seed=2025, drafts=20)
        click.echo("Database already has responses; demo data not loaded again.")
    _print_links(items, base_url)


def init_app(app) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(demo_cli)
