"""Login throttling (storage/logins.py): per (account, address) pair, a growing account-wide
delay, a per-address limit, and the owner's known addresses exempt from the last two."""

import multiprocessing
import threading

import pytest

from storage import logins
from storage import users as user_store
from storage.db import connect
from tests.prepared import prepared

PASSWORD = "oikein-hyva-salasana"
OWNER = "anna@miksei.test"
T0 = 1_800_000_000.0


class Clock:
    def __init__(self, t=T0):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def db(app):
    def build(app):
        db = connect(app.config["DATABASE"])
        user_store.create(db, OWNER, "Anna", "advisor", "miksei", PASSWORD)
        user_store.create(db, "sami@shk.test", "Sami", "advisor", "shk", PASSWORD)
        db.close()

    prepared(app, "two advisors", build)
    return connect(app.config["DATABASE"])


@pytest.fixture
def fast_checks(monkeypatch):
    """The limits, not scrypt, are under test here: a cheap check that counts its calls."""
    calls = []
    monkeypatch.setattr(logins, "check_password_hash", lambda hash_, password: calls.append(1) or password == PASSWORD)
    return calls


def attempt(db, clock, address, password="wrong-password!", email=OWNER):
    return logins.authenticate(db, email, password, address, clock=clock)


def test_pair_limit_refuses_that_address_only(db, fast_checks):
    clock = Clock()
    for _ in range(logins.PAIR_LIMIT):
        assert attempt(db, clock, "203.0.113.5") == logins.LoginResult(None)
    refused = attempt(db, clock, "203.0.113.5", PASSWORD)
    assert refused.user is None and refused.retry_after == logins.PAIR_WINDOW_S
    assert len(fast_checks) == logins.PAIR_LIMIT  # refused without a password check
    # the owner elsewhere is not refused: the account-wide limit is far from reached
    assert attempt(db, clock, "198.51.100.7", PASSWORD).user.email == OWNER
    clock.t += logins.PAIR_WINDOW_S + 1
    assert attempt(db, clock, "203.0.113.5", PASSWORD).user.email == OWNER


def test_owner_from_known_address_logs_in_while_attacked(db, fast_checks):
    clock = Clock()
    assert attempt(db, clock, "192.0.2.10", PASSWORD).user  # the owner's usual address
    clock.t += 3600
    # an attacker spreads 200 failures over 100 addresses, as fast as the limits let them
    failures = 0
    while failures < 200:
        result = attempt(db, clock, f"203.0.113.{failures % 100}")
        if result.throttled:
            clock.t += result.retry_after
        else:
            failures += 1
    assert attempt(db, clock, "203.0.113.200", PASSWORD).throttled  # a new address waits
    owner = attempt(db, clock, "192.0.2.10", PASSWORD)
    assert owner.user is not None and owner.user.email == OWNER


def test_account_delay_grows_and_is_capped(db, fast_checks):
    clock = Clock()
    for i in range(logins.ACCOUNT_FREE):
        assert not attempt(db, clock, f"203.0.113.{i}").throttled
    delays = []
    for i in range(14):
        refused = attempt(db, clock, f"198.51.100.{i}", PASSWORD)
        assert refused.throttled and refused.user is None
        delays.append(refused.retry_after)
        clock.t += refused.retry_after
        assert not attempt(db, clock, f"198.51.100.{i}").throttled  # the attacker's next guess fails
    assert delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]
    assert [logins.account_delay(n) for n in (0, 19, 20, 25, 10_000)] == [0, 0, 1, 32, logins.MAX_DELAY_S]


def test_an_unknown_account_is_throttled_like_an_existing_one(db, fast_checks):
    clock = Clock()
    answers = {}
    for email in (OWNER, "ghost@nowhere.test"):
        for _ in range(logins.PAIR_LIMIT):
            attempt(db, clock, "203.0.113.5", email=email)
        answers[email] = attempt(db, clock, "203.0.113.5", PASSWORD, email=email)
    assert answers[OWNER] == answers["ghost@nowhere.test"] == logins.LoginResult(None, logins.PAIR_WINDOW_S)


def test_address_limit_spares_users_who_logged_in_from_it_before(db, fast_checks):
    clock = Clock()
    assert attempt(db, clock, "192.0.2.99", PASSWORD, email="sami@shk.test").user  # Sami works behind this NAT
    for i in range(logins.ADDRESS_LIMIT):  # a colleague behind the NAT sprays other accounts
        assert not attempt(db, clock, "192.0.2.99", email=f"user{i}@x.test").throttled
    assert attempt(db, clock, "192.0.2.99", PASSWORD).throttled  # Anna has never logged in from here
    assert attempt(db, clock, "192.0.2.99", PASSWORD, email="sami@shk.test").user.email == "sami@shk.test"
    assert attempt(db, clock, "198.51.100.1", PASSWORD).user.email == OWNER


def test_known_addresses_expire(db, fast_checks):
    clock = Clock()
    assert attempt(db, clock, "192.0.2.10", PASSWORD).user
    clock.t += logins.KNOWN_ADDRESS_S + 1
    for i in range(logins.ACCOUNT_FREE):
        attempt(db, clock, f"203.0.113.{i}")
    assert attempt(db, clock, "192.0.2.10", PASSWORD).throttled


def test_success_clears_the_pair_and_inactive_users_fail(db, fast_checks):
    clock = Clock()
    for _ in range(logins.PAIR_LIMIT - 1):
        attempt(db, clock, "203.0.113.5")
    assert attempt(db, clock, "203.0.113.5", PASSWORD).user
    assert list(db.query("SELECT * FROM login_failures WHERE address = '203.0.113.5'")) == []
    user_store.set_active(db, user_store.by_email(db, OWNER).id, False)
    assert attempt(db, clock, "203.0.113.5", PASSWORD) == logins.LoginResult(None)


class CountingCheck:
    """The real scrypt check, counted (a lock: threads)."""

    def __init__(self):
        self.calls = 0
        self.lock = threading.Lock()
        self.real = logins.check_password_hash

    def __call__(self, hash_, password):
        with self.lock:
            self.calls += 1
        return self.real(hash_, password)


def test_racing_threads_make_exactly_the_allowed_password_checks(app, db, monkeypatch):
    check = CountingCheck()
    monkeypatch.setattr(logins, "check_password_hash", check)
    barrier = threading.Barrier(60)
    results = []

    def run():
        own = connect(app.config["DATABASE"])  # one connection per thread, as in a worker
        barrier.wait()
        try:
            results.append(logins.authenticate(own, OWNER, "wrong-password!", "203.0.113.5"))
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r for r in results if isinstance(r, Exception)] == []
    assert check.calls == logins.PAIR_LIMIT
    assert sum(r.throttled for r in results) == 60 - logins.PAIR_LIMIT


def _process_attempts(database, barrier, attempts, queue):
    calls = []
    real = logins.check_password_hash
    logins.check_password_hash = lambda hash_, password: calls.append(1) or real(hash_, password)
    own = connect(database)
    barrier.wait()
    refused = sum(logins.authenticate(own, OWNER, "wrong-password!", "203.0.113.5").throttled for _ in range(attempts))
    queue.put((len(calls), refused))


def test_racing_processes_make_exactly_the_allowed_password_checks(app, db):
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(6), context.Queue()
    processes = [context.Process(target=_process_attempts, args=(app.config["DATABASE"], barrier, 10, queue))
                 for _ in range(6)]
    for process in processes:
        process.start()
    outcomes = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)
    assert sum(calls for calls, _ in outcomes) == logins.PAIR_LIMIT
    assert sum(refused for _, refused in outcomes) == 60 - logins.PAIR_LIMIT


def test_the_documented_limits_are_the_ones_in_force():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "operations.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in doc.splitlines() if line.startswith("| pair")
            or line.startswith("| account") or line.startswith("| address")}
    assert f"{logins.PAIR_LIMIT} in {logins.PAIR_WINDOW_S // 60} min" in rows["pair"]
    assert f"{logins.ACCOUNT_FREE} in {logins.ACCOUNT_WINDOW_S // 3600} h" in rows["account"]
    assert f"at most {logins.MAX_DELAY_S} s" in rows["account"]
    assert f"{logins.ADDRESS_LIMIT} in {logins.ADDRESS_WINDOW_S // 60} min" in rows["address"]
    assert f"within the last {logins.KNOWN_ADDRESS_S // 86400} days" in doc


def test_retention_prunes_login_data(app, db, fast_checks):
    from storage import sessions

    clock = Clock(T0 - logins.KNOWN_ADDRESS_S - 10)
    assert attempt(db, clock, "192.0.2.10", PASSWORD).user
    attempt(db, clock, "203.0.113.5")
    sessions.start(db, user_store.by_email(db, OWNER).id, clock=clock)
    assert logins.prune(db, clock=Clock(T0)) == 3  # the failure, the known address and the session
    assert [db[t].count for t in ("login_failures", "login_known_addresses", "login_sessions")] == [0, 0, 0]
    recent = Clock(T0 - 60)
    attempt(db, recent, "203.0.113.6")
    assert attempt(db, recent, "192.0.2.11", PASSWORD).user
    live = sessions.start(db, user_store.by_email(db, OWNER).id, clock=recent)
    assert logins.prune(db, clock=Clock(T0)) == 0
    assert sessions.check(db, live, user_store.by_email(db, OWNER).id, clock=Clock(T0)) == sessions.OK
    result = app.test_cli_runner().invoke(args=["retention"])
    assert "expired login records" in result.output
