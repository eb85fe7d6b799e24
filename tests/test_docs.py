"""Docs checked by tests: the examples in docs/survey-format.md are real."""

import re
from pathlib import Path

from surveys.model import QUESTION_TYPES, ROLES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "survey-format.md").read_text(encoding="utf-8")


def test_every_question_type_is_documented():
    documented = set(re.findall(r"^\| `(\w+)` \|", DOC, re.M))
    assert set(QUESTION_TYPES) <= documented


def test_every_role_is_documented():
    for role in ROLES:
        assert f"`{role}`" in DOC


def test_adding_a_question_needs_only_the_data_file(tmp_path):
    """Add a question to a copy of the definition and see it served, validated and stored."""
    from app import create_app
    from surveys.loader import DEFINITIONS_DIR

    definitions = tmp_path / "definitions"
    definitions.mkdir()
    text = (DEFINITIONS_DIR / "tp1-v1.toml").read_text(encoding="utf-8")
    text = text.replace("version = 1", "version = 2", 1)
    text += '''
[[pages.questions]]
id = "newsletter_topics"
type = "text"
max_length = 50
label = { fi = "Mistä aiheista haluat uutiskirjeen?", en = "Which newsletter topics do you want?" }
'''
    (definitions / "tp1-v2.toml").write_text(text, encoding="utf-8")
    methods = tmp_path / "method"
    methods.mkdir()
    from surveys.method import METHOD_DIR

    for name in ("offers.toml", "advice.toml"):
        (methods / name).write_text((METHOD_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (methods / "tp1-v2.toml").write_text(
        (METHOD_DIR / "tp1-v1.toml").read_text(encoding="utf-8").replace("version = 1", "version = 2", 1),
        encoding="utf-8")
    app = create_app({"SECRET_KEY": "k", "DATABASE": str(tmp_path / "d.db"), "SESSION_COOKIE_SECURE": False,
                      "SURVEY_DEFINITIONS_DIR": str(definitions), "SURVEY_METHOD_DIR": str(methods)})
    survey = app.extensions["surveys"].current("tp1")
    assert survey.version == 2 and survey.question("newsletter_topics").page_id == "consents"
    from tests.helpers import Walker

    walker = Walker(app.test_client(), survey)
    token = walker.start()
    html = walker.get(token, survey.pages[-1]).get_data(as_text=True)
    assert "Mistä aiheista haluat uutiskirjeen?" in html
    too_long = walker.post(token, survey.pages[-1], overrides={"newsletter_topics": "x" * 51})
    assert "enintään 50 merkkiä" in too_long.get_data(as_text=True)


def test_every_website_check_is_documented():
    from websitecheck.texts import CHECK_IDS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "website-check.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", doc, re.M))
    assert documented == set(CHECK_IDS)


def _sh_block(text: str, heading: str) -> str:
    section = text.split(heading, 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_deployment_recipes_of_the_readme_and_the_operations_doc_agree():
    """Issue 27: the README's recipe had no PROXY_COUNT; now both are one text."""
    root = Path(__file__).resolve().parents[1]
    readme = _sh_block((root / "README.md").read_text(encoding="utf-8"), "## Deployment with gunicorn")
    operations = _sh_block((root / "docs" / "operations.md").read_text(encoding="utf-8"),
                           "## Deployment behind a reverse proxy")
    assert readme == operations
    for needed in ("DIGIANALYYSI_PROXY_COUNT=1", "DIGIANALYYSI_CONTACT_EMAIL=", "useradd --system", "-m 0700",
                   "flask --app app db upgrade"):
        assert needed in readme, needed


def _layout_rows() -> list[tuple[str, str]]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = line.split(" | ")
        if line.startswith("| `") and len(cells) >= 2:
            rows.append((cells[0].strip("| "), " | ".join(cells[1:])))
    return rows


def test_the_readme_code_map_matches_the_tree():
    """Every package is in the README's code map, and every file or folder a row names exists
    in that row's package (issue 26: a map that drifts from the tree misleads a newcomer)."""
    root = Path(__file__).resolve().parents[1]
    rows = _layout_rows()
    named = {name.strip("`/") for first, _ in rows for name in re.findall(r"`([^`]+)`", first)}
    packages = {p.parent.name for p in root.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert packages - named == set()
    missing = []
    for first, text in rows:
        bases = [root / n.strip("/") for n in re.findall(r"`([^`]+)`", first)]
        for token in re.findall(r"`([\w./-]+(?:\.py|\.toml|/))`", text):
            if not any((base / token).exists() or (root / token).exists() or any(base.rglob(token.strip("/")))
                       for base in bases if base.is_dir()) and not (root / token).exists():
                missing.append(f"{first}: {token}")
    assert missing == []
