"""The one clock: UTC moments, Helsinki days, frozen in tests, and nothing else reading the date."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

import clock
from app import create_app
from tests.helpers import FROZEN_NOW, set_today

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("stamp, expected", [
    ("2026-11-25T21:59:59+00:00", "2026-11-25"),  # 23.59.59 in Helsinki (EET, +2)
    ("2026-11-25T22:00:00+00:00", "2026-11-26"),  # 00.00 in Helsinki: already the next day
    ("2026-11-25T22:30:00+00:00", "2026-11-26"),  # a cancellation at 00.30 Helsinki time
    ("2027-06-14T20:30:00+00:00", "2027-06-14"),  # 23.30 in summer (EEST, +3)
    ("2027-06-14T21:00:00+00:00", "2027-06-15"),
    ("2027-03-28T00:59:59+00:00", "2027-03-28"),  # the night DST starts
    ("2026-12-04", "2026-12-04"),                 # a plain date is itself
    (None, None),
])
def test_the_date_of_a_timestamp_is_its_helsinki_date(stamp, expected):
    assert clock.SYSTEM.local_date_iso(stamp) == expected


@pytest.mark.parametrize("day, start, end", [
    ("2026-11-26", "2026-11-25T22:00:00+00:00", "2026-11-26T22:00:00+00:00"),
    ("2027-06-14", "2027-06-13T21:00:00+00:00", "2027-06-14T21:00:00+00:00"),
    ("2027-03-28", "2027-03-27T22:00:00+00:00", "2027-03-28T21:00:00+00:00"),  # a 23-hour day
])
def test_a_local_day_in_utc_stamps(day, start, end):
    assert (clock.SYSTEM.day_start(day), clock.SYSTEM.day_end(day)) == (start, end)


def test_a_frozen_clock_stands_still_and_moves_when_told():
    frozen = clock.FrozenClock("2027-06-14T23:30")  # naive: Helsinki time
    assert frozen.stamp() == "2027-06-14T20:30:00+00:00"
    assert frozen.today() == date(2027, 6, 14)
    assert frozen.stamp() == frozen.stamp()
    frozen.advance(minutes=30)
    assert frozen.today() == date(2027, 6, 15) and frozen.stamp() == "2027-06-14T21:00:00+00:00"
    frozen.set("2026-01-01T00:00:00+00:00")
    assert frozen.today_iso() == "2026-01-01"


def test_the_app_and_its_database_handles_share_the_frozen_clock(app):
    from storage import get_db

    assert app.extensions["clock"].stamp() == "2026-11-23T10:00:00+00:00"
    with app.app_context():
        assert clock.of(get_db()) is app.extensions["clock"]
    set_today(app, "2027-06-14", "23:30")
    assert app.extensions["clock"].today_iso() == "2027-06-14"


def test_production_refuses_a_frozen_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIANALYYSI_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DIGIANALYYSI_DATABASE", str(tmp_path / "p.db"))
    monkeypatch.setenv("DIGIANALYYSI_FROZEN_NOW", FROZEN_NOW)
    monkeypatch.setenv("DIGIANALYYSI_DEPLOYMENT", "production")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match="FROZEN_NOW"):
        create_app()


# Rate-limit windows and session expiry are durations in epoch seconds (storage.logins, sessions and
# draft_limits take that clock as a parameter, ``clock=time.time``); dates and stored moments go
# through the app's clock. These modules still call time.time() for such a window:
EPOCH_CLOCKS = {"storage.lost_links"}
FORBIDDEN = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("datetime", "today")}


def _app_modules():
    for path in sorted(ROOT.glob("*/**/*.py")):
        top = path.relative_to(ROOT).parts[0]
        if top in ("tests", "benchmarks", "clock", ".venv", "build", "test-artifacts") or top.startswith("."):
            continue
        yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def test_nothing_but_the_clock_reads_the_date():
    found = []
    for module, path in _app_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
                if (name, node.func.attr) in FORBIDDEN:
                    found.append(f"{module}:{node.lineno} {name}.{node.func.attr}()")
                if (name, node.func.attr) == ("time", "time") and module not in EPOCH_CLOCKS:
                    found.append(f"{module}:{node.lineno} time.time()")
    assert found == []
