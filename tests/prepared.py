"""Databases that many tests start from, built once per test session and copied for each test.

Building a demo database with its accounts takes most of a second (the accounts' scrypt hashes
are most of it), and dozens of tests start from the same one. ``prepared(app, key, build)`` runs
``build(app)`` the first time a test asks for ``key`` under the same application configuration,
keeps a copy of the resulting database, and for every later test copies it into that test's own
database file (SQLite's backup API, so the application's open connections see it) and returns
what ``build`` returned. Each test still has its own database to change; only the building is
shared. ``build`` must leave everything it makes in the database (and in what it returns: plain
data such as ids, never clients or connections).
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import shutil
import sqlite3
import tempfile
from pathlib import Path
from types import SimpleNamespace

_built: dict = {}
_directory: list[Path] = []


def _copy(source, target) -> None:
    source_db, target_db = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    try:
        source_db.backup(target_db)
    finally:
        source_db.close()
        target_db.close()


def _configuration(app) -> str:
    """Everything of the configuration but the database's own path (a secret key or another
    catalogue gives another database), and the moment the app's frozen clock shows (rows are
    stamped with it; a running clock gives the same copy whatever the time)."""
    clock = app.extensions.get("clock")
    moment = clock.stamp() if hasattr(clock, "set") else "running"
    return repr((moment, sorted((key, repr(value)) for key, value in app.config.items() if key != "DATABASE")))


def _store() -> Path:
    if not _directory:
        _directory.append(Path(tempfile.mkdtemp(prefix="digianalyysi-prepared-")))
        atexit.register(shutil.rmtree, _directory[0], True)
    return _directory[0] / f"{len(_built)}.db"


def prepared(app, key, build):
    """The database ``build(app)`` makes, built once per session, key and configuration."""
    full_key = (key, _configuration(app))
    if full_key in _built:
        path, result = _built[full_key]
        _copy(path, app.config["DATABASE"])
        return copy.deepcopy(result)
    result = build(app)
    path = _store()
    _copy(app.config["DATABASE"], path)
    _built[full_key] = (path, copy.deepcopy(result))
    return result


def demo_load(app, *args: str):
    """``flask demo load ARGS`` on the app's database, built once per session: the result's
    ``exit_code`` and ``output`` are those of the command."""
    def build(app):
        result = app.test_cli_runner().invoke(args=["demo", "load", *args])
        return {"exit_code": result.exit_code, "output": result.output}

    return SimpleNamespace(**prepared(app, ("demo load", args), build))


def parse_data_files_once():
    """Every test's app parses the same TOML data files (surveys, methods, project data): parse
    each distinct text once per session and hand out fresh copies (unpickling is some forty times
    faster than parsing). A changed file is another text and is parsed anew; a text that does not
    parse raises as before. Returns a function that restores the parser."""
    import pickle
    import tomllib
    import tomllib._parser as parser

    original, parsed = parser.loads, {}

    def loads(text, /, *, parse_float=float):
        if parse_float is not float:
            return original(text, parse_float=parse_float)
        if text not in parsed:
            parsed[text] = pickle.dumps(original(text))
        return pickle.loads(parsed[text])

    parser.loads = tomllib.loads = loads

    def restore():
        parser.loads = tomllib.loads = original

    return restore


def _settings(converter) -> str:
    """A converter's own settings (its ``map`` is the app's and no part of what it builds)."""
    return repr(sorted((k, v) for k, v in vars(converter).items() if k != "map"))


def build_url_builders_once():
    """Every test's app registers the same hundred URL rules, and Werkzeug writes and compiles two
    small Python functions for each (a third of ``create_app``). A builder depends only on the
    rule's parsed parts and defaults and takes the rule as its first argument, so one compiled per
    distinct rule serves every app of the session: the very function Werkzeug would compile.
    Returns a function that restores Werkzeug's own."""
    from werkzeug.routing.rules import Rule

    original, built = Rule._compile_builder, {}

    def compile_builder(self, append_unknown=True):
        key = (append_unknown, self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
               tuple(sorted((name, type(c).__qualname__, _settings(c)) for name, c in self._converters.items())))
        if key not in built:
            built[key] = original(self, append_unknown)
        return built[key]

    Rule._compile_builder = compile_builder

    def restore():
        Rule._compile_builder = original

    return restore


def empty_database_once():
    """The migrated empty database every ``app`` fixture starts from, built once per session:
    ``start(path)`` puts a copy at ``path`` (the service user's file mode, as ``create_app`` makes
    it) before the app is created, so its migration step finds nothing to do; ``keep(path)`` keeps
    the first one an app created. A migration added or changed is a new session, so a new copy."""
    kept: list[Path] = []

    def start(path) -> None:
        if kept:
            shutil.copyfile(kept[0], path)
            Path(path).chmod(0o600)

    def keep(path) -> None:
        if not kept:
            target = _store().with_name("empty.db")
            _copy(path, target)
            kept.append(target)

    return start, keep


TEST_SCRYPT = "scrypt:1024:8:1"


def cheap_password_hashes():
    """The accounts the tests create are hashed with scrypt at a lower cost (n = 1024 instead of
    Werkzeug's 32768): a production check takes about 70 ms of CPU by design, and creating and
    logging in accounts was half the time of the view tests. The login, its throttling and the
    sessions run the same code on these hashes; ``tests/test_password_hashing.py`` checks the
    production cost with Werkzeug's own function. Returns a function that restores it."""
    import storage.users as users

    original = users.generate_password_hash

    def generate(password, method="scrypt", salt_length=16):
        return original(password, method=TEST_SCRYPT if method == "scrypt" else method, salt_length=salt_length)

    users.generate_password_hash = generate

    def restore():
        users.generate_password_hash = original

    return restore


@contextlib.contextmanager
def production_password_hashes():
    """Accounts made inside hashed at Werkzeug's full cost: for the tests that need a login to take
    the time it takes in production (two gunicorn workers kept busy by concurrent logins)."""
    import storage.users as users
    from werkzeug.security import generate_password_hash

    cheap, users.generate_password_hash = users.generate_password_hash, generate_password_hash
    try:
        yield
    finally:
        users.generate_password_hash = cheap
