"""Users of the advisor workspace, and login throttling shared by every worker process."""

from __future__ import annotations

import time
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from .db import immediate
from .responses import now

THROTTLE_WINDOW_S = 15 * 60
THROTTLE_LIMIT = 10
# Checked against when the account does not exist, so a wrong e-mail costs the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-0123456789", method="scrypt")


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str
    organisation: str | None
    active: bool
    session_version: int

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"


def _user(row) -> User:
    return User(row["id"], row["email"], row["name"], row["role"], row["organisation"], bool(row["active"]),
                row["session_version"])


def create(db, email: str, name: str, role: str, organisation: str | None, password: str) -> User:
    with immediate(db):
        db.execute(
            "INSERT INTO users (email, name, role, organisation, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [email.strip().lower(), name.strip(), role, organisation, generate_password_hash(password, method="scrypt"), now()],
        )
    return by_email(db, email)


def by_email(db, email: str) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [email.strip().lower()]))
    return _user(rows[0]) if rows else None


def by_id(db, user_id: int) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return _user(rows[0]) if rows else None


def all_users(db) -> list[User]:
    return [_user(r) for r in db.query("SELECT * FROM users ORDER BY role, organisation, name")]


def set_password(db, user_id: int, password: str) -> None:
    with immediate(db):
        db.execute("UPDATE users SET password_hash = ?, session_version = session_version + 1 WHERE id = ?",
                   [generate_password_hash(password, method="scrypt"), user_id])


def set_active(db, user_id: int, active: bool) -> None:
    """Disabling also ends every session of the user (the session version changes)."""
    with immediate(db):
        db.execute("UPDATE users SET active = ?, session_version = session_version + 1 WHERE id = ?",
                   [1 if active else 0, user_id])


def authenticate(db, email: str, password: str, address: str) -> tuple[User | None, bool]:
    """Returns (user or None, throttled). Failures are counted per account and per address in
    the database, so the limit holds whichever worker process answers. The slow password check
    runs outside any transaction; only recording a failure takes the write lock."""
    account = email.strip().lower()
    cutoff = time.time() - THROTTLE_WINDOW_S
    failures = next(db.query(
        "SELECT (SELECT count(*) FROM login_failures WHERE account = ? AND at > ?) AS by_account, "
        "(SELECT count(*) FROM login_failures WHERE address = ? AND at > ?) AS by_address",
        [account, cutoff, address, cutoff]))
    if failures["by_account"] >= THROTTLE_LIMIT or failures["by_address"] >= THROTTLE_LIMIT:
        return None, True
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [account]))
    valid = check_password_hash(rows[0]["password_hash"] if rows else _DUMMY_HASH, password)
    if rows and valid and rows[0]["active"]:
        return _user(rows[0]), False
    with immediate(db):
        db.execute("INSERT INTO login_failures (at, account, address) VALUES (?, ?, ?)", [time.time(), account, address])
        db.execute("DELETE FROM login_failures WHERE at < ?", [cutoff - THROTTLE_WINDOW_S])
    return None, False
