"""A response by its private token, with its survey definition (404 for anything unknown)."""

from __future__ import annotations

import re

from flask import abort, current_app

from storage import get_db
from storage import responses as store

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def survey_for(response):
    survey = current_app.extensions["surveys"].get(response.survey_id, response.survey_version)
    if survey is None:
        abort(404)
    return survey


def load(token: str):
    if not TOKEN_RE.match(token):
        abort(404)
    response = store.get_by_token(get_db(), token)
    if response is None:
        abort(404)
    return response, survey_for(response)
