"""Dates as the pages, emails and PDFs show them: one style per language – Finnish "4.12.2026
klo 20.30" and "9.00–12.00", English day-month-year "4 Dec 2026, 20:30" and "09:00–12:00", never
m/d/y – and Finnish time for stored moments (web/dates.py, reports/data/formatting.py)."""

import re

import pytest
from flask_babel import force_locale

from reports.data.formatting import date_span, date_text, local_day, moment_text, time_span, time_text
from web.dates import clock_time, day, day_span, moment, short_day
from web.dates import time_span as page_time_span


@pytest.mark.parametrize("lang, value, shown", [
    ("fi", "2026-07-26", "26.7.2026"),
    ("en", "2026-07-26", "26 Jul 2026"),
    ("en", "2026-12-04", "4 Dec 2026"),
    ("fi", "2026-11-23T21:59:59+00:00", "23.11.2026"),  # 23:59:59 in Helsinki
    ("fi", "2026-11-23T22:00:00+00:00", "24.11.2026"),  # already the next day in Helsinki
    ("fi", "2026-11-23T22:30:00", "24.11.2026"),  # a stored stamp without a zone is UTC
    ("fi", "2026-07-26T21:00:00+00:00", "27.7.2026"),  # summer time: UTC+3
    ("fi", "", ""),
    ("fi", None, ""),
    ("fi", "<b>ei päivä</b>", "<b>ei päivä</b>"),  # not a date: as it is (the template escapes it)
])
def test_day(app, lang, value, shown):
    with app.test_request_context(), force_locale(lang):
        assert day(value) == shown
    assert short_day(value, lang) == shown


@pytest.mark.parametrize("lang, start, end, shown", [
    ("fi", "2026-07-26", "2026-07-26", "26.7.2026"),
    ("fi", "2026-07-26", None, "26.7.2026"),
    ("fi", "2026-12-02", "2027-03-17", "2.12.2026 – 17.3.2027"),
    ("en", "2026-12-02", "2027-03-17", "2 Dec 2026 – 17 Mar 2027"),
])
def test_day_span(app, lang, start, end, shown):
    with app.test_request_context(), force_locale(lang):
        assert day_span(start, end) == shown
    assert date_span(start, end, lang) == shown


@pytest.mark.parametrize("lang, value, shown", [
    ("fi", "2026-12-04T18:30:00+00:00", "4.12.2026 klo 20.30"),
    ("en", "2026-12-04T18:30:00+00:00", "4 Dec 2026, 20:30"),
    ("fi", "2026-07-01T06:05:00+00:00", "1.7.2026 klo 9.05"),
    ("en", "2026-07-01T06:05:00+00:00", "1 Jul 2026, 09:05"),
    ("en", "2026-12-04T22:01:00+00:00", "5 Dec 2026, 00:01"),
    ("fi", "2026-11-23", "23.11.2026"),
])
def test_moment(app, lang, value, shown):
    with app.test_request_context(), force_locale(lang):
        assert moment(value) == shown
    assert moment_text(value, lang) == shown


@pytest.mark.parametrize("lang, start, end, shown", [
    ("fi", "09:00", "12:00", "9.00–12.00"),
    ("en", "09:00", "12:00", "09:00–12:00"),
    ("fi", "17:30", "19:45", "17.30–19.45"),
    ("en", "17:30", None, "17:30"),
])
def test_times(app, lang, start, end, shown):
    with app.test_request_context(), force_locale(lang):
        assert page_time_span(start, end) == shown
        assert clock_time(start) == time_text(start, lang)
    assert time_span(start, end, lang) == shown


def test_never_month_first_nor_a_weekday_or_month_name_in_finnish():
    """Every day of two years, at a few times: English is day-month-year with a short month name,
    Finnish is day.month.year with "klo" and a dot in the time."""
    import datetime as dt

    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for hours in range(0, 2 * 366 * 24, 13):
        moment_ = start + dt.timedelta(hours=hours)
        en, fi = moment_text(moment_, "en"), moment_text(moment_, "fi")
        day_ = local_day(moment_)
        assert en == f"{day_.day} {day_.strftime('%b')} {day_.year}, " + en.split(", ")[1]
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}", en)
        assert re.fullmatch(rf"{day_.day}\.{day_.month}\.{day_.year} klo \d{{1,2}}\.\d{{2}}", fi)
        assert date_text(moment_, "fi") == f"{day_.day}.{day_.month}.{day_.year}"
