"""The pure layers load without the app: the trainings' rules (read by the reports and the
funder's indicators), the scoring and the report data builders import neither Flask nor the
database, so a package's ``__init__`` cannot drag its views (and their import cycles) in. Each
module is imported first in a fresh interpreter."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIGHT = ["trainings.rules.counts", "trainings.rules.places", "trainings.rules.own_trainings",
         "trainings.rules.enrolments", "trainings.rules.courses", "scoring", "reports.data.aggregate",
         "reports.data.impact", "projectdata.indicators"]
HEAVY = ("flask", "sqlite_utils", "storage", "accounts")


@pytest.mark.parametrize("module", LIGHT)
def test_a_pure_module_loads_without_flask_or_the_database(module):
    code = (f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]", result.stdout
