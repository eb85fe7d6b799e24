"""The public side of an event link (storage.event_links): an entrepreneur at an information event
opens the organiser's link; while the link is open, this browser's new analyses count against the
link's cap instead of the shared network address's limit (questionnaire.drafts). The page says
when the link is not open and what to do instead. Coordinators manage the links
(coordinator.events)."""

from __future__ import annotations

from flask import abort, current_app, render_template

from storage import event_links, get_db
from storage.db import stamp
from web.i18n import current_language

from . import bp, drafts


@bp.get("/tilaisuus/<token>")
def event(token):
    link = event_links.by_token(get_db(), token)
    if link is None:
        abort(404)
    state = event_links.state(link, stamp(get_db()))
    if state == "open":
        drafts.remember_event_link(link["id"])
    survey = current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])
    return render_template("questionnaire/event.html", link=link, state=state, survey=survey,
                           lang=current_language())
