"""Password checks with login throttling shared by every worker process (state in SQLite).

Three limits, after OWASP's authentication cheat sheet (see docs/operations.md, "Logins"):

- per (account, address) pair: ``PAIR_LIMIT`` failures within ``PAIR_WINDOW_S`` refuse that
  pair until the oldest failure ages out;
- per account, over every address: after ``ACCOUNT_FREE`` failures within ``ACCOUNT_WINDOW_S``
  each further attempt waits ``2 ** (failures - ACCOUNT_FREE)`` seconds after the latest failure,
  at most ``MAX_DELAY_S``;
- per address, over every account: ``ADDRESS_LIMIT`` failures within ``ADDRESS_WINDOW_S`` refuse
  the address.

An address the user has logged in from successfully within ``KNOWN_ADDRESS_S`` is exempt from the
account-wide and the address-wide limit for that user (not from the pair limit), so someone
failing against the account from elsewhere, or a colleague behind the same NAT failing on other
accounts, never refuses the owner at their usual address.

Every attempt is reserved as a failure in the same ``BEGIN IMMEDIATE`` transaction that checks
the limits, before the (slow) password check runs outside any transaction; a successful check
removes the reservation. Racing attempts therefore never make more checks than the limits allow.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from .db import immediate
from .sessions import IDLE_S
from .users import User, user_from_row

PAIR_LIMIT = 10
PAIR_WINDOW_S = 15 * 60
ADDRESS_LIMIT = 30
ADDRESS_WINDOW_S = 15 * 60
ACCOUNT_FREE = 20
ACCOUNT_WINDOW_S = 24 * 3600
MAX_DELAY_S = 15 * 60
KNOWN_ADDRESS_S = 90 * 24 * 3600
# Checked against when the account does not exist, so a wrong e-mail costs the same time.
DUMMY_HASH = generate_password_hash("not-a-real-password-0123456789", method="scrypt")


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    retry_after: int = 0  # > 0: refused without checking the password; seconds to wait

    @property
    def throttled(self) -> bool:
        return self.retry_after > 0


def account_delay(failures: int) -> float:
    """Seconds an attempt on an account must wait after its latest failure (growing, capped)."""
    if failures < ACCOUNT_FREE:
        return 0.0
    return float(min(2 ** min(failures - ACCOUNT_FREE, 32), MAX_DELAY_S))


def _is_known(db, account: str, address: str, t: float) -> bool:
    return bool(list(db.query(
        "SELECT 1 FROM login_known_addresses k JOIN users u ON u.id = k.user_id "
        "WHERE u.email = ? AND k.address = ? AND k.last_login_at > ?", [account, address, t - KNOWN_ADDRESS_S])))


def _window_wait(db, where: str, params: list, limit: int, window: float, t: float) -> float:
    """Seconds until fewer than ``limit`` failures matching ``where`` remain in the window."""
    count = next(db.query(f"SELECT count(*) AS n FROM login_failures WHERE {where} AND at > ?",
                          [*params, t - window]))["n"]
    if count < limit:
        return 0.0
    # the failure whose ageing out brings the count below the limit
    row = next(db.query(f"SELECT at FROM login_failures WHERE {where} AND at > ? ORDER BY at LIMIT 1 OFFSET ?",
                        [*params, t - window, count - limit]))
    return row["at"] + window - t


def _wait(db, account: str, address: str, t: float) -> float:
    waits = [_window_wait(db, "account = ? AND address = ?", [account, address], PAIR_LIMIT, PAIR_WINDOW_S, t)]
    if not _is_known(db, account, address, t):
        waits.append(_window_wait(db, "address = ?", [address], ADDRESS_LIMIT, ADDRESS_WINDOW_S, t))
        row = next(db.query("SELECT count(*) AS n, max(at) AS latest FROM login_failures WHERE account = ? AND at > ?",
                            [account, t - ACCOUNT_WINDOW_S]))
        if row["n"] >= ACCOUNT_FREE:
            waits.append(row["latest"] + account_delay(row["n"]) - t)
    return max(waits)


def authenticate(db, email: str, password: str, address: str, clock=time.time) -> LoginResult:
    """Check a password unless a limit refuses the attempt; the answer never tells whether the
    account exists (an unknown account is throttled and timed like an existing one)."""
    account = email.strip().lower()
    with immediate(db):
        t = clock()  # after the lock is taken: no attempt is reserved with an older time
        wait = _wait(db, account, address, t)
        if wait > 0:
            return LoginResult(None, max(1, math.ceil(wait)))
        reserved = db.execute("INSERT INTO login_failures (at, account, address) VALUES (?, ?, ?)",
                              [t, account, address]).lastrowid
        db.execute("DELETE FROM login_failures WHERE at < ?", [t - ACCOUNT_WINDOW_S])
        rows = list(db.query("SELECT * FROM users WHERE email = ?", [account]))
    valid = check_password_hash(rows[0]["password_hash"] if rows else DUMMY_HASH, password)
    if not (rows and valid and rows[0]["active"]):
        return LoginResult(None)  # the reservation stays as the failure
    user = user_from_row(rows[0])
    with immediate(db):
        # a success clears the pair's failures and makes the address known for this user
        db.execute("DELETE FROM login_failures WHERE id = ? OR (account = ? AND address = ?)",
                   [reserved, account, address])
        db.execute("INSERT INTO login_known_addresses (user_id, address, last_login_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (user_id, address) DO UPDATE SET last_login_at = excluded.last_login_at",
                   [user.id, address, t])
        db.execute("DELETE FROM login_known_addresses WHERE last_login_at < ?", [t - KNOWN_ADDRESS_S])
    return LoginResult(user)


def prune(db, clock=time.time) -> int:
    """Delete login data past its retention (run by `flask retention`; logins also prune as they
    go): failed attempts after 24 h, known addresses 90 days after the last login from them,
    sessions once expired. Returns the number of rows deleted."""
    t = clock()
    with immediate(db):
        return sum(db.execute(sql, [cutoff]).rowcount for sql, cutoff in (
            ("DELETE FROM login_failures WHERE at < ?", t - ACCOUNT_WINDOW_S),
            ("DELETE FROM login_known_addresses WHERE last_login_at < ?", t - KNOWN_ADDRESS_S),
            ("DELETE FROM login_sessions WHERE expires_at < ?", t),
            ("DELETE FROM login_sessions WHERE last_seen_at < ?", t - IDLE_S),
        ))
