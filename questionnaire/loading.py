"""A response by its private token, with its survey definition (404 for anything unknown; a
token from the start button whose first page is not saved yet is known, see drafts)."""

from __future__ import annotations

import re

from flask import abort, current_app, redirect, request, url_for

from storage import get_db, lost_links
from storage import responses as store
from web.i18n import follow_draft_language

from . import drafts

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def survey_for(response):
    survey = current_app.extensions["surveys"].get(response.survey_id, response.survey_version)
    if survey is None:
        abort(404)
    return survey


def load(token: str, unsaved_ok: bool = False):
    """The response and its survey. With ``unsaved_ok`` a start-button token whose first page is
    not saved yet gives ``(None, current survey)``; elsewhere it redirects to the questionnaire."""
    if not TOKEN_RE.match(token):
        abort(404)
    response = store.get_by_token(get_db(), token)
    if response is None:
        if not drafts.is_start_token(token) or lost_links.is_retired(get_db(), token):
            abort(404)  # unknown, or an old link replaced by "email me my link"
        if not unsaved_ok:  # like a draft: back to the questionnaire
            abort(redirect(url_for("questionnaire.resume", token=token)))
        return None, current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])
    # the language stored with the draft, on any device; a language chosen here is remembered
    follow_draft_language(response.language)
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and chosen != response.language:
        store.set_language(get_db(), token, chosen)
    return response, survey_for(response)
