"""What a domain service needs, passed in: the database, the catalogues (surveys, trainings, project
data), the clock, the public base URL and the language. Services take a ``Context`` as their first
argument, so views, ``flask`` commands and background jobs call the same code and none of it needs
a web request (an app context is enough for the email templates and the message catalogues).

A view builds it with ``here()`` (the page's language); a command or a job with ``of_app(app,
lang)``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import current_app

from storage import get_db
from web.i18n import current_language
from web.urls import public_base


@dataclass(frozen=True)
class Context:
    db: Any                 # sqlite_utils.Database
    db_path: str            # the database file (the per-process caches are keyed by it)
    surveys: Any            # surveys.SurveyCatalog
    projectdata: Any        # projectdata.ProjectData: organisations, contacts, logos
    catalogue: Any          # trainings.catalogue.Catalogue: the training catalogue
    clock: Any              # clock.Clock
    base_url: str           # PUBLIC_BASE_URL: every link handed out starts with it
    lang: str               # the language of the messages and documents
    languages: tuple[str, ...] = ("fi", "en")
    mail: bool = False      # SMTP configured: queue the emails
    active_survey: str = "" # ACTIVE_SURVEY: the questionnaire the coordinator's figures count

    def today(self) -> str:
        """Today's date (ISO) in the project's time zone, by the app's clock."""
        return self.clock.today_iso()

    def speaking(self, lang: str) -> Context:
        return replace(self, lang=lang)

    def pool_seats(self, course: dict) -> int | None:
        pool = self.catalogue.pool(course.get("pool"))
        return pool.seats if pool else None


def of_app(app, lang: str | None = None, db=None) -> Context:
    """The context of an app (a command, a job): its database connection unless ``db`` is given."""
    return Context(db=db if db is not None else get_db(), db_path=app.config["DATABASE"],
                   surveys=app.extensions["surveys"], projectdata=app.extensions["projectdata"],
                   catalogue=app.extensions.get("trainings"), clock=app.extensions["clock"],
                   base_url=public_base(app.config), lang=lang or app.config["BABEL_DEFAULT_LOCALE"],
                   languages=tuple(app.config["LANGUAGES"]), mail=bool(app.config.get("MAIL_SERVER")),
                   active_survey=app.config["ACTIVE_SURVEY"])


def here(lang: str | None = None) -> Context:
    """The context of the current request or command: the app's, in the page's language."""
    return of_app(current_app, lang or current_language())
