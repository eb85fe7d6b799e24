"""Digianalyysi: the application factory. Nothing is built at import time."""

from __future__ import annotations

from flask import Flask

import accounts
import clock
import advisor
import commands
import coordinator
import demo
import mailer
import pages
import projectdata
import questionnaire
import storage
import trainings
import websitecheck
from surveys import SurveyCatalog
from web import config, dates, errors, health, i18n, logredact, numbers, params, security, startup
from trainings import blueprints as training_blueprints
from trainings.rules.courses import course_title
from web.charts import chart_data_uri
from web.settings import ConfigError


def create_app(test_config: dict | None = None) -> Flask:
    """The application. A wrong setting or an unusable database refuses the start with one line
    (``ConfigError``); under the ``flask`` command line the commands are still listed and each
    says that line. The schema is never changed here unless AUTO_MIGRATE says so (tests)."""
    app = Flask(__name__, instance_relative_config=True)
    try:
        config.load(app, test_config)
        startup.prepare_database(app)
    except ConfigError as exc:
        if test_config is None and startup.in_cli():
            return commands.refusing_app(str(exc))
        raise
    app.extensions["clock"] = clock.from_settings(app.config["TIME_ZONE"], app.config.get("FROZEN_NOW"))
    startup.init_logging(app)
    params.init_app(app)  # before any route: bounded <int:...> converters

    app.extensions["surveys"] = SurveyCatalog.load(**{
        name: app.config[key] for name, key in (("definitions_dir", "SURVEY_DEFINITIONS_DIR"),
                                                ("method_dir", "SURVEY_METHOD_DIR")) if app.config.get(key)
    })
    active = app.extensions["surveys"].current(app.config["ACTIVE_SURVEY"])  # fails early if missing
    app.extensions["projectdata"] = projectdata.load(active, versions=[
        s for s in app.extensions["surveys"] if s.id == active.id and not s.is_followup])

    storage.init_app(app)
    startup.maintenance_guard(app)  # first: no other hook meets a schema it does not know
    i18n.init_app(app)
    dates.init_app(app)
    numbers.init_app(app)
    security.init_app(app)
    logredact.init_app(app)
    errors.init_app(app)
    app.add_template_global(chart_data_uri, "chart_data_uri")
    # course and follow-up round names in the page's language (``name_en``, else the Finnish name)
    app.add_template_global(course_title, "course_title")
    accounts.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(questionnaire.bp)
    app.register_blueprint(advisor.bp)
    app.register_blueprint(advisor.company_admin)
    app.register_blueprint(coordinator.bp)
    app.register_blueprint(websitecheck.bp)
    app.register_blueprint(websitecheck.coordinator_bp)
    trainings.init_app(app)  # the catalogue, and the results page's part (questionnaire.parts)
    app.register_blueprint(training_blueprints.bp)
    app.register_blueprint(training_blueprints.public_bp)
    health.init_app(app)
    mailer.init_app(app)
    demo.init_app(app)
    commands.init_app(app)
    commands.guard_all(app)  # every command prints its database and checks the schema
    startup.serve(app)
    return app
