"""Digianalyysi: the application factory. Nothing is built at import time."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    import advisor
    import commands
    import demo
    import pages
    import projectdata
    import questionnaire
    import storage
    import trainings
    from storage.db import migrate
    from surveys import SurveyCatalog
    from web import config, errors, i18n, logredact, security

    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)

    app.extensions["surveys"] = SurveyCatalog.load(**{
        name: app.config[key] for name, key in (("definitions_dir", "SURVEY_DEFINITIONS_DIR"),
                                                ("method_dir", "SURVEY_METHOD_DIR")) if app.config.get(key)
    })
    active = app.extensions["surveys"].current(app.config["ACTIVE_SURVEY"])  # fails early if missing
    app.extensions["projectdata"] = projectdata.load(active)
    migrate(app.config["DATABASE"])

    storage.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    logredact.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(questionnaire.bp)
    advisor.init_app(app)
    trainings.init_app(app)
    demo.init_app(app)
    commands.init_app(app)
    return app
