"""Accounts are hashed with scrypt at Werkzeug's full cost. The other tests hash their accounts at
a lower cost to save time (tests/prepared.py, ``cheap_password_hashes``), so this test puts
Werkzeug's own function back and checks what production stores."""

from werkzeug import security

from storage import users
from storage.db import connect
from tests.prepared import TEST_SCRYPT


def test_production_hashes_use_scrypt_at_full_cost(app, monkeypatch):
    assert users.generate_password_hash("x")[: len(TEST_SCRYPT)] == TEST_SCRYPT  # the suite's cheap hashes
    monkeypatch.setattr(users, "generate_password_hash", security.generate_password_hash)
    db = connect(app.config["DATABASE"])
    users.create(db, "hash@example.fi", "Hash", "advisor", "miksei", "oikein-hyva-salasana")
    stored = next(db.query("SELECT password_hash FROM users WHERE email = 'hash@example.fi'"))["password_hash"]
    assert stored.startswith("scrypt:32768:8:1$")
    assert security.check_password_hash(stored, "oikein-hyva-salasana")
