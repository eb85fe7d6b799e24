"""`flask report company BUSINESS_ID` and `flask report all`: advisory report PDFs."""

from __future__ import annotations

import multiprocessing
import zipfile

import click
from flask import current_app
from flask.cli import AppGroup

from questionnaire.results_service import company_results
from reports.data.identity import with_identity
from reports.pdf.company import render_company_pdf
from storage import audit, get_db
from storage import companies as company_store
from storage.files import open_private
from storage.responses import latest_submitted
from stdnum.fi import ytunnus
from web.context import of_app

report_cli = AppGroup("report", help="Advisory report PDFs of analysed companies.")


def _survey_of(response):
    return current_app.extensions["surveys"].get(response.survey_id, response.survey_version)


def _report_data(response, lang: str) -> dict:
    """The report of a company's latest analysis under the company's confirmed name and municipality."""
    survey = _survey_of(response)
    company = company_store.get(get_db(), response.company_id) if response.company_id else None
    return with_identity(company_results(of_app(current_app, lang), survey, response), survey, company, lang)


def _filename(business_id: str, lang: str) -> str:
    return f"digianalyysi-{business_id}-{lang}.pdf"


@report_cli.command("company", help="The report of one company (its latest analysis).")
@click.argument("business_id")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="PDF file (default: by business ID)")
def company_command(business_id, lang, output):
    if not ytunnus.is_valid(business_id):
        raise click.BadParameter("not a valid business ID (Y-tunnus), e.g. 1234567-8", param_hint="BUSINESS_ID")
    business_id = ytunnus.format(business_id)
    found = latest_submitted(get_db(), business_id)
    if not found:
        raise click.ClickException(f"no submitted analysis for business ID {business_id}")
    _, response = found[0]
    data = _report_data(response, lang)
    path = output or _filename(business_id, lang)
    with open_private(path) as handle:
        handle.write(render_company_pdf(data))
    audit.record(get_db(), None, "cli_company_report", "company", response.company_id)
    click.echo(f"Wrote {path}")


@report_cli.command("all", help="The reports of every analysed company as one ZIP file, rendered on all cores.")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="reports.zip",
              show_default=True)
@click.option("--workers", type=int, default=None, help="processes (default: one per core)")
def all_command(lang, output, workers):
    responses = latest_submitted(get_db())
    if not responses:
        raise click.ClickException("no submitted analyses")
    # Build the data here (database and scoring), render in worker processes (pure: data -> PDF).
    jobs = [(_filename(business_id, lang), _report_data(response, lang))
            for business_id, response in responses]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers or multiprocessing.cpu_count()) as pool, \
            zipfile.ZipFile(open_private(output), "w", zipfile.ZIP_DEFLATED) as archive, \
            click.progressbar(length=len(jobs), label=f"Rendering {len(jobs)} reports") as progress:
        for name, pdf in pool.imap_unordered(_render, jobs, chunksize=8):
            archive.writestr(name, pdf)
            progress.update(1)
    audit.record(get_db(), None, "cli_company_reports_all")
    click.echo(f"Wrote {len(jobs)} reports to {output}")


def _render(job):
    name, data = job
    return name, render_company_pdf(data)
