"""Demo data CLI commands: `flask demo load|ensure` (demo companies and, for local use, demo
advisor and coordinator accounts)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from storage import followups, get_db
from storage import demo as demo_store
from storage import users as user_store

from questionnaire.flow import score_row

from trainings.rules.places import fee_for
from trainings.storage import courses as training_store
from trainings.storage import records as records
from trainings.certificate_service import due, new_code

from .followup import load_followup_round
from .generate import generate
from .interviews import load_interviews
from trainings.demo import load_trainings, recorded_on, working_day


@click.group("demo", cls=AppGroup, help="Synthetic demo data (seeded, realistic South Savo companies).")
@with_appcontext
def demo_cli():
    """Demo data has predictable links (fixed seed) and known accounts: never in production."""
    if current_app.config.get("DEPLOYMENT") == "production":
        raise click.ClickException("refusing to load demo data with DEPLOYMENT=production "
                                   "(set DEPLOYMENT = \"local\" on a development or test instance).")


def _survey():
    return current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])


def _load(count: int, seed: int, drafts: int, followup_share: float = 0.0) -> list:
    survey = _survey()
    catalog = current_app.extensions["surveys"]
    method = catalog.method(survey)
    items = generate(survey, count=count, seed=seed, drafts=drafts)
    demo_store.load_responses(get_db(), survey, items, lambda answers: score_row(survey, method, answers),
                              current_app.extensions["projectdata"].assign)
    if followup_share > 0:
        _round_id, answered = load_followup_round(get_db(), catalog, survey, current_app.config["SECRET_KEY"],
                                                           seed, followup_share)
        click.echo(f"Follow-up round opened for every demo company; {answered} answered it.")
    return items


def demo_password() -> str:
    """The demo accounts' password, derived from this instance's secret key (never a constant
    that would also open another installation)."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), b"digianalyysi-demo-login", hashlib.sha256)
    return "demo-" + digest.hexdigest()[:14]


def _demo_users() -> list[tuple[str, str, str, str | None]]:
    project = current_app.extensions["projectdata"]
    users = [("koordinaattori@demo.invalid", "Demo Koordinaattori", "coordinator", None)]
    users += [(f"neuvoja.{o.id}@demo.invalid", f"Demo Neuvoja ({o.name.fi})", "advisor", o.id)
              for o in project.organisations]
    return users


def _ensure_users() -> None:
    db = get_db()
    for email, name, role, organisation in _demo_users():
        if user_store.by_email(db, email) is None:
            user_store.create(db, email, name, role, organisation, demo_password())


def _print_links(items, base_url: str) -> None:
    click.echo(f"Advisor workspace: {base_url}/kirjaudu  (password of every demo account: {demo_password()})")
    for email, _name, role, organisation in _demo_users():
        click.echo(f"  {role:<11} {email}" + (f"  ({organisation})" if organisation else ""))
    click.echo("Entrepreneurs' private links of demo companies:")
    for item in [i for i in items if i.submitted][:3]:
        click.echo(f"  {item.answers['company_name']}: {base_url}/a/{item.token}")
    for item in [i for i in items if not i.submitted][:1]:
        click.echo(f"  unfinished draft: {base_url}/a/{item.token}")
    nonce = followups.first_waiting_nonce(get_db())
    if nonce:
        link = followups.link_token(current_app.config["SECRET_KEY"], nonce)
        click.echo(f"  follow-up link of a company that has not answered yet: {base_url}/seuranta/{link}")


@demo_cli.command("load", help="Add demo companies and their analyses.")
@click.option("--companies", default=300, show_default=True)
@click.option("--drafts", default=20, show_default=True)
@click.option("--seed", default=2025, show_default=True)
@click.option("--followup-share", default=0.0, show_default=True, type=click.FloatRange(0, 1),
              help="Open a follow-up round and answer it for this share of the companies.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
def load_command(companies, drafts, seed, followup_share, base_url):
    items = _load(companies, seed, drafts, followup_share)
    _ensure_users()
    click.echo(f"Loaded {companies} submitted analyses and {drafts} drafts (seed {seed}).")
    _print_links(items, base_url)


@demo_cli.command("ensure", help="Load the demo data only when the database has no responses.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
def ensure_command(base_url):
    _ensure_users()
    if demo_store.is_empty(get_db()):
        items = _load(300, 2025, 20, followup_share=0.5)
        interviews = _load_interviews(2025)
        _load_trainings(2025)
        click.echo(f"Loaded 300 demo companies and 20 drafts (seed 2025), {interviews} advisory interviews, "
                   "a follow-up round and a training calendar.")
    else:
        items = generate(_survey(), count=300, seed=2025, drafts=20)
        click.echo("Database already has responses; demo data not loaded again.")
    _print_links(items, base_url)


def _load_interviews(seed: int) -> int:
    """Advisory interviews by each organisation's demo advisor (see ``demo.interviews``)."""
    db = get_db()
    advisor_of = {organisation: user_store.by_email(db, email).id
                  for email, _name, role, organisation in _demo_users() if role == "advisor"}
    today = current_app.extensions["clock"].today()
    return load_interviews(db, current_app.extensions["projectdata"], advisor_of, today, seed)


def _load_trainings(seed: int) -> int:
    """The demo calendar; the certificates due in the ended courses are issued."""
    catalogue = current_app.extensions["trainings"]
    db = get_db()

    def fee_of(offer, company_id):
        profile = training_store.company_profile(db, company_id, catalogue.tier_question)
        return (*fee_for(offer.fee, offer.fee_high, profile["tier"], catalogue.high_codes), profile["contact_name"])

    today = current_app.extensions["clock"].today()
    fits = {row["company_id"]: row["extras"].get("referrals") or [] for row in demo_store.analysed_companies(db)}
    count = load_trainings(db, catalogue, training_store.company_ids(db), fee_of, seed, today, fits)
    for course in training_store.courses(db):  # issued a few working days after each course ended
        ended = date.fromisoformat(course["ends_on"])
        on = min(working_day(ended + timedelta(days=3)), today)
        if ended <= today:
            with recorded_on(db, on, 9):
                records.issue_course_certificates(db, course["id"], on.isoformat(),
                                                  lambda rows, c=course, d=on.isoformat(): due(catalogue, c, rows, d),
                                                  new_code)
    return count


@demo_cli.command("trainings", help="Add a demo training calendar (past and upcoming courses).")
@click.option("--seed", default=2025, show_default=True)
def trainings_command(seed):
    click.echo(f"Created {_load_trainings(seed)} demo courses with sessions, enrolments and attendance.")


def init_app(app) -> None:
    app.cli.add_command(demo_cli)
