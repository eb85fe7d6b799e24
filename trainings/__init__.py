"""Trainings: courses and sessions, enrolment with seats and a waiting list, attendance,
certificates and the invoicing basis (the plan's work packages TP2-TP6).

Views are split by job: ``courses`` (calendar, courses and sessions), ``enrolment``,
``attendance`` (roll call and participant-list import), ``certificates`` (and the public
verification page), ``invoicing`` (invoicing basis and funder summary)."""

from flask import Blueprint

bp = Blueprint("trainings", __name__, url_prefix="/koulutukset")
public_bp = Blueprint("trainings_public", __name__)

from . import attendance, certificates, courses, enrolment, invoicing  # noqa: E402,F401  (registers the routes)


def init_app(app) -> None:
    from projectdata.trainings import load_catalogue

    catalog = app.extensions["surveys"]
    method = catalog.method(catalog.current(app.config["ACTIVE_SURVEY"]))
    project = app.extensions["projectdata"]
    app.extensions["trainings"] = load_catalogue(method, [o.id for o in project.organisations],
                                                 app.config.get("TRAININGS_CATALOGUE"))
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    # the advisor's company page lists the company's trainings without importing this package
    app.add_template_global(enrolment.company_trainings, "company_trainings")
    from .cli import training_cli

    app.cli.add_command(training_cli)
