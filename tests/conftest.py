import os
import tempfile
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app import create_app
from tests.helpers import FROZEN_NOW, Walker
from tests.prepared import (build_url_builders_once, cheap_password_hashes, empty_database_once,
                            parse_data_files_once)

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def compile_catalogues(root: Path = TRANSLATIONS) -> list[Path]:
    """Compile every .po whose .mo is missing or older (what `make translations` does), so that
    `pip install -e '.[test]' && pytest` works without make. Written atomically: several test
    processes may start at once. Returns the catalogues compiled."""
    compiled = []
    for po in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3])
        handle, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalog, use_fuzzy=True)
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo)
        compiled.append(mo)
    return compiled


# Under pytest-xdist (`make test`: -n auto --dist loadgroup) these run as one unit in one worker:
# the browser tests, in file order, share the session's live server, its database and Chromium;
# each module here builds one expensive module-scoped fixture. Every other test is a unit of its own.
ONE_UNIT = ("tests/browser/", "tests/test_visible_text.py", "tests/test_throttling_gunicorn.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """loadgroup's units by path: pytest 9.2's node ids no longer carry xdist's group marks, so
    xdist_group marks are silently ignored (pytest-dev/pytest-xdist#1386)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling  # lazy: only under xdist

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return next((unit for unit in ONE_UNIT if path.startswith(unit)), nodeid)

    return Units(config, log)


@pytest.fixture(scope="session", autouse=True)
def catalogues():
    """The UI catalogues compiled before any app answers a request."""
    compile_catalogues()


@pytest.fixture(scope="session", autouse=True)
def data_files_parsed_once():
    """The apps of the session parse each TOML data file once, share the compiled URL builders and
    hash their accounts at a test cost (tests.prepared)."""
    restore = parse_data_files_once()
    restore_builders = build_url_builders_once()
    restore_hashes = cheap_password_hashes()
    yield
    restore_hashes()
    restore_builders()
    restore()


EMPTY_DATABASE = empty_database_once()


@pytest.fixture
def app(tmp_path):
    start, keep = EMPTY_DATABASE
    start(tmp_path / "test.db")  # the migrated empty database, copied (tests.prepared)
    app = create_app({
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE": str(tmp_path / "test.db"),
        "SESSION_COOKIE_SECURE": False,
        "TESTING": True,
        "FROZEN_NOW": FROZEN_NOW,
    })
    keep(tmp_path / "test.db")
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def survey(app):
    return app.extensions["surveys"].current("tp1")


@pytest.fixture
def walker(client, survey):
    return Walker(client, survey)
