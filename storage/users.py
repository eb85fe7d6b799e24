"""Users of the advisor workspace (password checks and throttling: storage/logins.py)."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.security import generate_password_hash

from .db import immediate, stamp as clock_stamp



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


def user_from_row(row) -> User:
    return User(row["id"], row["email"], row["name"], row["role"], row["organisation"], bool(row["active"]),
                row["session_version"])


def create(db, email: str, name: str, role: str, organisation: str | None, password: str) -> User:
    with immediate(db):
        db.execute(
            "INSERT INTO users (email, name, role, organisation, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [email.strip().lower(), name.strip(), role, organisation, generate_password_hash(password, method="scrypt"),
             clock_stamp(db)],
        )
    return by_email(db, email)


def by_email(db, email: str) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [email.strip().lower()]))
    return user_from_row(rows[0]) if rows else None


def by_id(db, user_id: int) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return user_from_row(rows[0]) if rows else None


def all_users(db) -> list[User]:
    return [user_from_row(r) for r in db.query("SELECT * FROM users ORDER BY role, organisation, name")]


def set_password(db, user_id: int, password: str) -> None:
    """A new password ends every session of the user (server-side sessions deleted)."""
    with immediate(db):
        db.execute("UPDATE users SET password_hash = ?, session_version = session_version + 1 WHERE id = ?",
                   [generate_password_hash(password, method="scrypt"), user_id])
        db.execute("DELETE FROM login_sessions WHERE user_id = ?", [user_id])


def set_active(db, user_id: int, active: bool) -> None:
    """Disabling also ends every session of the user (the session version changes)."""
    with immediate(db):
        db.execute("UPDATE users SET active = ?, session_version = session_version + 1 WHERE id = ?",
                   [1 if active else 0, user_id])
        db.execute("DELETE FROM login_sessions WHERE user_id = ?", [user_id])
