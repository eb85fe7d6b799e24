"""Trainings: courses and sessions, enrolment with seats and a waiting list, attendance,
certificates and the invoicing basis (the plan's work packages TP2-TP6).

Views are split by job: ``courses`` (calendar, courses and sessions), ``enrolment``,
``offers`` (a freed seat offered to the waiting list, answered by link), ``applications`` (a
company applies to a path with its private link), ``open_calendar`` (the public calendar and its
feed), ``signup`` (a company signs up with its private link), ``webinars`` (anyone signs up for a
webinar), ``attendance`` (roll call and participant-list
import), ``certificates`` (and the public verification page), ``invoicing`` (invoicing basis and
funder summary); the blueprints are in ``blueprints``.

The package itself imports nothing: its pure rules (``trainings.rules``), which the reports and
the funder's indicators read, load without Flask or the app (tests/test_light_imports.py)."""


def init_app(app) -> None:
    """Registers the routes, loads the catalogue (validated: errors name the file and the item) and
    adds the entrepreneur's results page its part (the paths open for application); ``create_app``
    registers the blueprints and ``commands`` the CLI. The view modules (and the questionnaire,
    whose pages read ``trainings.storage``) are imported here, not when the package is, so that the
    feature's lower layers (``trainings.storage``, ``trainings.rules``) load without the views."""
    from . import (  # noqa: F401 # lazy: the views only with an app (registers the routes)
        applications, attendance, certificates, courses, editing, enrolment, helpers, invoicing, offers,
        open_calendar, participant_import, signup, webinars, workshop_certificates,
    )
    from .catalogue import load_catalogue  # lazy: the rules' importers need no project data
    catalog = app.extensions["surveys"]
    method = catalog.method(catalog.current(app.config["ACTIVE_SURVEY"]))
    project = app.extensions["projectdata"]
    app.extensions["trainings"] = load_catalogue(method, [o.id for o in project.organisations],
                                                 app.config.get("TRAININGS_CATALOGUE"))
    # the entrepreneur's results page shows the paths open for application
    from questionnaire.parts import add_results_part  # cycle: questionnaire's views load this package's storage
    add_results_part(app, "trainings/_results_apply.html", applications.open_paths)
    app.add_template_global(helpers.takes_applications, "takes_applications")
