"""`flask training course-create|enrol|certificates|invoicing|expire-offers` (operations and
tests rely on the output: the new course id as the last line; `enrolled` or `waiting list N`)."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from storage import get_db
from storage.files import open_private
from trainings.rules.courses import course_values
from trainings.storage import courses as store
from web.context import of_app
from reports.texts import TRAINING_EXPORTS

from .certificate_service import course_certificates, issue, issue_workshops, workshop_certificates, zip_of
from .invoicing_service import export_body, invoicing_basis
from .offer_service import expire_all, process_course
from .enrolment_service import EnrolError, enrol

training_cli = AppGroup("training", help="Training courses, enrolments, certificates and invoicing.")


def _fail(message: str):
    click.echo(message, err=True)
    sys.exit(1)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("a date YYYY-MM-DD", param_hint=name) from None


@training_cli.command("course-create")
@click.argument("offer_id")
@click.option("--start", required=True, help="first day, YYYY-MM-DD")
@click.option("--end", help="last day (default: the first)")
@click.option("--seats", type=click.IntRange(1, 10000), help="default: the catalogue's seats")
@click.option("--organiser", help="organisation id (default: the offer's invoicing organisation)")
@click.option("--name", help="default: the offer's name and the start date")
def course_create(offer_id, start, end, seats, organiser, name):
    catalogue = current_app.extensions["trainings"]
    offer = catalogue.offer(offer_id)
    if offer is None:
        _fail(f"unknown offer {offer_id!r}; one of {', '.join(o.id for o in catalogue.offers)}")
    organiser = organiser or offer.invoicing
    if current_app.extensions["projectdata"].organisation(organiser) is None:
        _fail(f"unknown organisation {organiser!r}")
    starts = _date(start, "--start")
    ends = _date(end, "--end") or starts
    if ends < starts:
        _fail("the end is before the start")
    values = course_values(offer, name or f"{offer.name.get('fi')} {starts.isoformat()}", organiser, seats, starts,
                           ends)
    course_id = store.create_course(get_db(), values, None)
    click.echo(f"{offer.package} {offer_id}: {values['seats']} seats, {values['starts_on']}–{values['ends_on']}")
    click.echo(course_id)


@training_cli.command("enrol")
@click.argument("course_id", type=int)
@click.argument("business_id")
@click.option("--participant", help="name of the person taking part")
def enrol_command(course_id, business_id, participant):
    course = store.get_course(get_db(), course_id)
    if course is None:
        _fail(f"unknown course {course_id}")
    company_id = store.company_by_business_id(get_db(), business_id)
    if company_id is None:
        _fail(f"unknown company {business_id}")
    try:
        ctx = of_app(current_app, "en")  # messages for the operator, in English
        process_course(ctx, course)
        result = enrol(ctx, course, company_id, None, participant)
    except EnrolError as exc:
        _fail(f"course {course_id} is closed: {exc}")
    # a company enrolled again while a seat is offered to it: `offered` (it answers by its link)
    click.echo({"enrolled": "enrolled", "offered": "offered"}.get(result.status, f"waiting list {result.rank}"))


@training_cli.command("certificates")
@click.argument("course_id", type=int, required=False)
@click.option("--all", "everything", is_flag=True, help="every ended course, and TP2's at project end")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.zip")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
def certificates_command(course_id, everything, output, lang):
    """Issue the certificates due (each at most once: running it again issues nothing new) and
    write every issued certificate of the course(s) to a ZIP."""
    if (course_id is None) == (not everything):
        _fail("give a COURSE_ID or --all")
    if everything:
        courses = store.courses(get_db(), limit=100_000)
    else:
        courses = [store.get_course(get_db(), course_id)]
        if courses[0] is None:
            _fail(f"unknown course {course_id}")
    ctx = of_app(current_app, lang)
    issued = sum(len(issue(ctx, course)) for course in courses)
    files = [f for course in courses for f in course_certificates(ctx, course)]
    if everything:
        issued += len(issue_workshops(ctx) or [])
        files += workshop_certificates(ctx)
    with open_private(output) as out:
        out.write(zip_of(files))
    click.echo(f"{issued} certificates issued now; {len(files)} certificates written to {output}")


@training_cli.command("invoicing")
@click.argument("org_id")
@click.option("--from", "start", help="enrolled on or after, YYYY-MM-DD")
@click.option("--to", "end", help="enrolled on or before, YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
def invoicing_command(org_id, start, end, fmt, output, lang):
    if current_app.extensions["projectdata"].organisation(org_id) is None:
        _fail(f"unknown organisation {org_id!r}")
    start_d, end_d = _date(start, "--from"), _date(end, "--to")
    header, body, to_invoice = invoicing_basis(of_app(current_app, lang), org_id, start_d and start_d.isoformat(),
                                               end_d and end_d.isoformat())
    data, _mimetype = export_body(fmt, header, body, TRAINING_EXPORTS[lang]["invoicing_sheet"])
    with open_private(output) as out:
        out.write(data)
    click.echo(f"{len(body)} rows ({len(to_invoice)} to invoice) written to {output}")


@training_cli.command("expire-offers")
def expire_offers_command():
    """Lapse the seat offers whose deadline has passed and offer the seats to the next waiting
    companies (emailed when SMTP is configured). Run it daily from cron."""
    # The answer links come from PUBLIC_BASE_URL (the context's base URL), which the app requires at
    # start-up wherever mail is on outside local development.
    lapsed, offered = expire_all(of_app(current_app))
    click.echo(f"{lapsed} offers lapsed, {offered} seats offered to the next in line")
