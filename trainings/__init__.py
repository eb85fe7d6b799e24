"""Trainings: courses and sessions, enrolment with seats and a waiting list, attendance,
certificates and the invoicing basis (the plan's work packages TP2-TP6).

Views are split by job: ``courses`` (calendar, courses and sessions), ``enrolment``,
``offers`` (a freed seat offered to the waiting list, answered by link), ``applications`` (a
company applies to a path with its private link), ``open_calendar`` (the public calendar and its
feed), ``signup`` (a company signs up with its private link), ``webinars`` (anyone signs up for a
webinar), ``attendance`` (roll call and participant-list
import), ``certificates`` (and the public verification page), ``invoicing`` (invoicing basis and
funder summary)."""

from flask import Blueprint

from accounts.auth import protect

from trainings.catalogue import load_catalogue
from trainings.rules.courses import course_title

bp = protect(Blueprint("trainings", __name__, url_prefix="/koulutukset"))  # staff; routes marked coordinator_only
public_bp = Blueprint("trainings_public", __name__)



def init_app(app) -> None:
    """Registers the routes, loads the catalogue (validated: errors name the file and the item) and gives the
    advisor's company page the company's trainings; ``create_app`` registers the blueprints and
    ``commands`` the CLI. The view modules are imported here, not when the package is, so that the
    feature's lower layers (``trainings.storage``, ``trainings.rules``) load without the views."""
    from . import (  # noqa: F401 # lazy: the views only with an app (registers the routes)
        applications, attendance, certificates, courses, editing, enrolment, invoicing, offers, open_calendar,
        participant_import, service, signup, webinars, workshop_certificates,
    )
    catalog = app.extensions["surveys"]
    method = catalog.method(catalog.current(app.config["ACTIVE_SURVEY"]))
    project = app.extensions["projectdata"]
    app.extensions["trainings"] = load_catalogue(method, [o.id for o in project.organisations],
                                                 app.config.get("TRAININGS_CATALOGUE"))
    # and the entrepreneur's results page the paths open for application (no questionnaire -> trainings import)
    app.add_template_global(applications.open_paths, "open_paths")
    # course and round names in the page's language (``name_en``, falling back to the Finnish name)
    app.add_template_global(course_title, "course_title")
    app.add_template_global(service.takes_applications, "takes_applications")
