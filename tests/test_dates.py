"""Dates as the pages show them (web/dates.py): the page's language, Finnish time for moments."""

import pytest
from flask_babel import force_locale

from web.dates import day, day_span, moment


@pytest.mark.parametrize("lang, value, shown", [
    ("fi", "2026-07-26", "26.7.2026"),
    ("en", "2026-07-26", "Jul 26, 2026"),
    ("fi", "2026-11-23T21:59:59+00:00", "23.11.2026"),  # 23:59:59 in Helsinki
    ("fi", "2026-11-23T22:00:00+00:00", "24.11.2026"),  # already the next day in Helsinki
    ("fi", "2026-07-26T21:00:00+00:00", "27.7.2026"),  # summer time: UTC+3
    ("fi", "", ""),
    ("fi", None, ""),
    ("fi", "<b>ei päivä</b>", "<b>ei päivä</b>"),  # not a date: as it is (the template escapes it)
])
def test_day(app, lang, value, shown):
    with app.test_request_context(), force_locale(lang):
        assert day(value) == shown


@pytest.mark.parametrize("lang, start, end, shown", [
    ("fi", "2026-07-26", "2026-07-26", "26.7.2026"),
    ("fi", "2026-07-26", None, "26.7.2026"),
    ("fi", "2026-12-02", "2027-03-17", "2.12.2026 – 17.3.2027"),
    ("en", "2026-12-02", "2027-03-17", "Dec 2, 2026 – Mar 17, 2027"),
])
def test_day_span(app, lang, start, end, shown):
    with app.test_request_context(), force_locale(lang):
        assert day_span(start, end) == shown


@pytest.mark.parametrize("lang, value, shown", [
    ("fi", "2026-11-23T18:15:00+00:00", "23.11.2026 20.15"),
    ("en", "2026-11-23T18:15:00+00:00", "Nov 23, 2026 8:15\u202fPM"),  # CLDR: a narrow no-break space
    ("fi", "2026-11-23", "23.11.2026"),
])
def test_moment(app, lang, value, shown):
    with app.test_request_context(), force_locale(lang):
        assert moment(value) == shown
