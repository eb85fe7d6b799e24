"""`flask report indicators --from YYYY-MM-DD --to YYYY-MM-DD [--format xlsx|csv|pdf] -o FILE`: the
funder's report from the command line, the same as the coordinator's download (audited)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from coordinator.funder_service import PeriodError, funder_data, parse_period
from exports.funder import funder_xlsx, indicators_csv
from projectdata.branding import cover_logos
from reports.pdf.funder import render_funder_pdf
from storage import audit, get_db
from web.context import of_app

PERIOD_PROBLEMS = {
    "missing": "give both --from and --to (YYYY-MM-DD)",
    "invalid": "--from and --to must be dates YYYY-MM-DD, e.g. --from 2026-01-01 --to 2026-06-30",
    "order": "the period ends before it starts: --to must not be before --from",
}


@click.command("indicators", help="The funder's report of a period: the indicators RCO01/RCO04 by EU size "
                                  "class, the supported companies and the rules (XLSX), the indicators (CSV) or "
                                  "one page (PDF).")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="first day of the period")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="last day of the period")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "pdf"]), default="xlsx", show_default=True)
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("--contact", is_flag=True, help="include the companies' contact details (XLSX)")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def indicators_command(start, end, fmt, lang, contact, output):
    try:
        start, end = parse_period(start, end)
    except PeriodError as error:
        raise click.ClickException(f"bad period: {PERIOD_PROBLEMS[error.args[0]]}") from None
    contact = contact and fmt == "xlsx"
    data = funder_data(of_app(current_app, lang), start, end, include_contact=contact)
    if fmt == "xlsx":
        body = funder_xlsx(data)
    elif fmt == "csv":
        body = indicators_csv(data)
    else:
        data["branding"] = cover_logos(current_app.extensions["projectdata"].logos, lang)
        body = render_funder_pdf(data)
    with open(output, "wb") as handle:
        handle.write(body)
    audit.record(get_db(), None, f"cli_funder_report_{fmt}" + ("_with_contacts" if contact else ""))
    total = data["indicators"][0]["rows"][0]
    click.echo(f"Wrote {output}: {data['indicators'][0]['code']} {total['period']} in {start} – {end}, "
               f"{total['cumulative']} since the project start")
