"""`flask website-check URL [--json]` and `flask website-check --all`."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from storage import get_db
from storage import website_checks as check_store

from . import service, texts


def _print_findings(outcome, lang: str) -> None:
    click.echo(f"{outcome.final_url}  ({outcome.duration_ms} ms, {len(outcome.pages)} pages)")
    for f in outcome.findings:
        evidence = f" – {f['evidence'][0]}" if f["evidence"] else ""
        click.echo(f"  {f['status']:<7} {texts.check_text(f['id'], 'name', lang)}{evidence}")


def _one(url: str, as_json: bool, lang: str) -> None:
    outcome = service.run(current_app.config, url)
    if not outcome.ok:
        detail = f": {outcome.error_detail}" if outcome.error_detail else ""
        click.echo(f"{texts.error_text(outcome.error, 'en')} ({outcome.error}{detail})", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps({"url": outcome.requested, "final_url": outcome.final_url, "pages": outcome.pages,
                               "duration_ms": outcome.duration_ms, "tool_version": outcome.tool_version,
                               "dataset_version": outcome.dataset_version, "findings": outcome.findings},
                              ensure_ascii=False, indent=2))
    else:
        _print_findings(outcome, lang)


def _all(workers: int) -> None:
    db = get_db()
    catalog = current_app.extensions["surveys"]
    targets = []
    for row in check_store.company_sites(db):
        survey = catalog.get(row["survey_id"], row["survey_version"])
        address = service.site_address(survey, row["answers"]) if survey else ""
        if address:
            targets.append((row["company_id"], address))
    with click.progressbar(length=len(targets), label=f"Checking {len(targets)} sites", file=sys.stderr) as bar:
        outcomes = service.run_many(current_app.config, [t[1] for t in targets], workers, bar.update)
    for (company_id, _address), outcome in zip(targets, outcomes, strict=True):
        check_store.insert(db, company_id, outcome, None)
    failed = sum(1 for o in outcomes if not o.ok)
    click.echo(f"checked {len(outcomes)} sites: {len(outcomes) - failed} ran, {failed} could not be fetched")


@click.command("website-check")
@click.argument("url", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--all", "check_all", is_flag=True, help="Check every analysed company's website and store the results.")
@click.option("--workers", default=None, type=click.IntRange(1, 64), help="Concurrent checks for --all.")
@click.option("--lang", default="fi", type=click.Choice(["fi", "en"]), help="Language of the printed findings.")
@with_appcontext
def website_check_command(url, as_json, check_all, workers, lang):
    """Check one website address (exit 0 when the check ran, 2 when the address is refused or
    cannot be fetched), or with --all every analysed company's site."""
    if check_all == bool(url):
        raise click.UsageError("give either a URL or --all")
    if check_all:
        _all(workers or int(current_app.config.get("WEBSITE_CHECK_CONCURRENCY", 8)))
    else:
        _one(url, as_json, lang)
