"""`flask export` and `flask report aggregate`: the coordinator's exports from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from coordinator.service import aggregate_data, read_filters, selection, versions
from exports.responses import columns, to_csv, to_json
from exports.xlsx import to_xlsx
from reports.pdf.aggregate import render_aggregate_pdf
from storage import audit, get_db
from storage import scores as score_store
from storage.files import open_private
from web.context import of_app


def filter_options(command):
    for name in ("start", "end", "organisation", "industry", "size", "target-group", "municipality", "theme"):
        command = click.option(f"--{name}", default="", help=f"filter: {name.replace('-', ' ')}")(command)
    return command


def _filters(options: dict) -> dict:
    return read_filters({key.replace("-", "_"): value for key, value in options.items()})


@click.command("export", help="Export the analyses of the filtered companies (latest analysis each).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="xlsx", show_default=True)
@click.option("--delimiter", type=click.Choice([";", ","]), default=";", show_default=True, help="CSV delimiter")
@click.option("--contact", is_flag=True, help="include contact details")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@filter_options
@with_appcontext
def export_command(fmt, delimiter, contact, lang, output, **options):
    ctx = of_app(current_app, lang)
    survey, method, project, agg = selection(ctx, _filters(options))
    records = score_store.export_records(ctx.db, survey.id, versions(ctx, survey), agg["company_ids"])
    for record in records:
        index = record["scores"]["maturity_index"]
        record["scores"]["maturity_level"] = method.band_for(index).id if index is not None else None
    cols = columns(survey, contact)
    body = {"csv": lambda: to_csv(records, cols, delimiter, survey),
            "json": lambda: to_json(records, cols, survey, versions(ctx, survey)),
            "xlsx": lambda: to_xlsx(records, cols, survey, lang, method, project)}[fmt]()
    with open_private(output) as handle:
        handle.write(body)
    audit.record(get_db(), None, f"cli_export_{fmt}" + ("_with_contacts" if contact else ""))
    click.echo(f"Wrote {len(records)} analyses to {output}")


@click.command("aggregate", help="The aggregate results report (PDF) of the filtered companies.")
@click.option("--publication", is_flag=True, help="hide groups under 5 companies and all free text")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@filter_options
@with_appcontext
def aggregate_command(publication, lang, output, **options):
    data = aggregate_data(of_app(current_app, lang), _filters(options), publication)
    with open_private(output) as handle:
        handle.write(render_aggregate_pdf(data))
    click.echo(f"Wrote the {'publication' if publication else 'internal'} report of {data['companies']} companies to "
               f"{output}")
