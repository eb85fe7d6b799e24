"""Digianalyysi: the application factory. Nothing is built at import time."""

from __future__ import annotations

from flask import Flask

import accounts
import clock
import advisor
import commands
import coordinator
import demo
import pages
import projectdata
import questionnaire
import storage
import trainings
import websitecheck
from storage.db import migrate
from surveys import SurveyCatalog
from web import config, dates, errors, i18n, logredact, params, security
from web.charts import chart_data_uri


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    app.extensions["clock"] = clock.from_settings(app.config["TIME_ZONE"], app.config.get("FROZEN_NOW"))
    params.init_app(app)  # before any route: bounded <int:...> converters

    app.extensions["surveys"] = SurveyCatalog.load(**{
        name: app.config[key] for name, key in (("definitions_dir", "SURVEY_DEFINITIONS_DIR"),
                                                ("method_dir", "SURVEY_METHOD_DIR")) if app.config.get(key)
    })
    active = app.extensions["surveys"].current(app.config["ACTIVE_SURVEY"])  # fails early if missing
    app.extensions["projectdata"] = projectdata.load(active, versions=[
        s for s in app.extensions["surveys"] if s.id == active.id and not s.is_followup])
    migrate(app.config["DATABASE"])

    storage.init_app(app)
    i18n.init_app(app)
    dates.init_app(app)
    security.init_app(app)
    logredact.init_app(app)
    errors.init_app(app)
    app.add_template_global(chart_data_uri, "chart_data_uri")
    accounts.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(questionnaire.bp)
    app.register_blueprint(advisor.bp)
    app.register_blueprint(advisor.company_admin)
    app.register_blueprint(coordinator.bp)
    app.register_blueprint(websitecheck.bp)
    app.register_blueprint(websitecheck.coordinator_bp)
    trainings.init_app(app)  # the catalogue and the company page's template global
    app.register_blueprint(trainings.bp)
    app.register_blueprint(trainings.public_bp)
    demo.init_app(app)
    commands.init_app(app)
    return app
