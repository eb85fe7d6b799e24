"""Texts live in three places (README, Development: the catalogues, reports/texts.py, the data
files); no text is written as a language branch in an email template or in code (issue 26, item 4)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# a branch on the language in code that is a format or a data accessor, not a text, or not yet moved
ALLOWED = {
    "surveys/model.py",  # Text.get(lang): the data files' two languages
    "reports/data/formatting.py",  # the time format (9.00 / 09:00), not a text
    "surveys/forms.py",  # the blank choice of a select in the survey's language (to move to the survey data)
}
BRANCH = re.compile(r"""(if|==)\s*lang\s*==?\s*["'](fi|en)["']\s*else\s*["']|["']\s*if\s+lang\s*==\s*["'](fi|en)["']""")


def test_email_templates_have_one_text_per_language_in_the_catalogues():
    for path in sorted((ROOT / "templates").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"lang\s*==", text), f"{path.relative_to(ROOT)}: a language branch (use {{% trans %}})"


def test_no_text_is_a_language_branch_in_code():
    skip = {".venv", "tests", "benchmarks", ".git"}
    found = []
    for path in ROOT.rglob("*.py"):
        where = path.relative_to(ROOT).as_posix()
        if skip & set(path.relative_to(ROOT).parts) or where in ALLOWED:
            continue
        found += [f"{where}: {line.strip()}" for line in path.read_text(encoding="utf-8").splitlines()
                  if BRANCH.search(line)]
    assert found == []


def test_no_bilingual_text_tables_outside_reports_texts():
    """``{"fi": "…", "en": "…"}`` tables belong in reports/texts.py (or a data file)."""
    skip = {".venv", "tests", "benchmarks", ".git"}
    found = []
    for path in ROOT.rglob("*.py"):
        where = path.relative_to(ROOT).as_posix()
        if skip & set(path.relative_to(ROOT).parts) or where in {"reports/texts.py", "reports/data/formatting.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        # {"fi": "…"} and {"fi": {"title": "…"}} (a whole language's table of texts)
        if re.search(r"""["']fi["']\s*:\s*(\{\s*["']\w+["']\s*:\s*)?["'][^"']*[a-zäö]{3}""", text):
            found.append(where)
    assert found == []
