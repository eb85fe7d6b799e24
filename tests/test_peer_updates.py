"""The peers kept up to date one change at a time give exactly the numbers of a table rebuilt
from scratch: the pure table (PeerTable.updated against PeerTable.from_rows) and the workers'
caches against the stored scores, after random sequences of new analyses, re-submissions
(``is_latest`` moves), analyses confirmed later, erasures and bulk loads, with two workers
looking at random moments."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import PeerTable, benchmark
from storage import claims as claim_store
from storage import maintenance
from storage import scores as score_store
from storage.db import connect, immediate, migrate

METRICS = ("index", "web", "ads")
# Few distinct values, so that ties (the "equal" half of a percentile) and -0.0 occur.
VALUE = st.one_of(st.none(), st.sampled_from([0.0, -0.0, 12.5, 25.0, 33.333333333333336, 50.0, 100.0]),
                  st.floats(0, 100, allow_nan=False))
SCORES = st.fixed_dictionaries({
    "index": VALUE.filter(lambda v: v is not None),
    "levels": st.fixed_dictionaries({"web": VALUE, "ads": VALUE}),
    "groups": st.fixed_dictionaries({"industry": st.sampled_from(["C", "I", "none"]),
                                     "size": st.sampled_from(["1", "2-4"])}),
})


def same_numbers(incremental: PeerTable, rebuilt: PeerTable, companies) -> None:
    """Same state, and the same benchmarks (exact float equality) for every company and for an
    outsider, in every group code."""
    assert incremental.state() == rebuilt.state()
    probes = [{"index": 25.0, "web": 50.0, "ads": None}, {"index": 0.0, "web": 100.0, "ads": 12.5}]
    for company in [None, *companies]:
        for own in probes:
            for groups in ({"industry": "C", "size": "1"}, {"industry": "I", "size": "2-4"}, {"industry": "none"}):
                assert benchmark(incremental, company, own, groups, 2) == benchmark(rebuilt, company, own, groups, 2)


# --- the table alone ---------------------------------------------------------------------------

ROW = st.tuples(st.dictionaries(st.sampled_from(["industry", "size", "theme"]), st.sampled_from(["C", "I", "none"])),
                st.fixed_dictionaries({m: VALUE for m in METRICS}))


@settings(max_examples=60, deadline=None)
@given(start=st.dictionaries(st.integers(1, 12), ROW, max_size=8),
       steps=st.lists(st.dictionaries(st.integers(1, 12), st.one_of(st.none(), ROW), min_size=1, max_size=3),
                      max_size=12))
def test_updated_table_equals_the_rebuilt_one(start, steps):
    """Group names appearing or disappearing (a row with a group the others lack) included."""
    rows = dict(start)
    table = PeerTable.from_rows(METRICS, [(c, g, v) for c, (g, v) in rows.items()])
    for changes in steps:
        table = table.updated(changes)
        for company, new in changes.items():
            if new is None:
                rows.pop(company, None)
            else:
                rows[company] = new
        rebuilt = PeerTable.from_rows(METRICS, [(c, g, v) for c, (g, v) in rows.items()])
        assert len(table) == len(rows)
        same_numbers(table, rebuilt, sorted(rows))


def test_an_update_leaves_the_old_table_as_it_was():
    """A request still benchmarking against the old table is not disturbed by an update."""
    table = PeerTable.from_rows(("index",), [(n, {"industry": "C"}, {"index": 10.0 * n}) for n in range(1, 7)])
    before = table.state()
    newer = table.updated({3: None, 9: ({"industry": "C"}, {"index": 95.0})})
    assert table.state() == before and len(table) == 6 and len(newer) == 6
    assert benchmark(newer, None, {"index": 50.0}, {"industry": "C"}, 5)["industry"].metrics["index"].percentile \
        == pytest.approx(3.5 / 6 * 100)  # 10 20 40 [50] 50 60 95


# --- the workers' caches against the stored scores ----------------------------------------------

class Store:
    """Companies, analyses and their scores written through the storage functions; one survey
    version per example, so that examples share the database but never their peers."""

    def __init__(self, db, version: int):
        self.db, self.version, self.clock = db, version, 0
        self.companies: list[int] = []
        self.pending: list[int] = []

    def _response(self, company_id: int | None, claimed: int | None = None) -> int:
        self.clock += 1
        stamp = f"2026-01-01T00:00:{self.clock:02d}.{self.version:06d}"
        return self.db.execute(
            "INSERT INTO responses (token_hash, survey_id, survey_version, status, company_id, claimed_company_id, "
            "claim, created_at, updated_at, submitted_at) VALUES (?, 'peers', ?, 'submitted', ?, ?, ?, ?, ?, ?)",
            [secrets.token_hex(8), self.version, company_id, claimed, "pending" if claimed else None,
             stamp, stamp, stamp]).lastrowid

    def _scores(self, response_id: int, company_id: int, row: dict, latest: bool) -> None:
        submitted = next(self.db.query("SELECT submitted_at FROM responses WHERE id = ?", [response_id]))
        score_store.insert(self.db, response_id, company_id, "peers", self.version, submitted["submitted_at"],
                           row, latest=latest)

    def new(self, row: dict) -> None:
        with immediate(self.db):
            company_id = self.db.execute(
                "INSERT INTO companies (business_id, name, created_at, updated_at) VALUES (?, 'Oy', '', '')",
                [secrets.token_hex(6)]).lastrowid
            self._scores(self._response(company_id), company_id, row, True)
        self.companies.append(company_id)

    def resubmit(self, pick: int, row: dict) -> None:
        """A later analysis stored as the latest at once: the earlier one's is_latest goes to 0."""
        if self.companies:
            company_id = self.companies[pick % len(self.companies)]
            with immediate(self.db):
                self._scores(self._response(company_id), company_id, row, True)

    def claim(self, pick: int, row: dict) -> None:
        """A later analysis under the company's business ID, waiting for confirmation (no peer)."""
        if self.companies:
            company_id = self.companies[pick % len(self.companies)]
            with immediate(self.db):
                response_id = self._response(None, claimed=company_id)
                self._scores(response_id, company_id, row, False)
            self.pending.append(response_id)

    def confirm(self, pick: int) -> None:
        if self.pending:
            claim_store.confirm(self.db, self.pending.pop(pick % len(self.pending)))

    def erase(self, pick: int) -> None:
        if self.companies:
            company_id = self.companies.pop(pick % len(self.companies))
            maintenance.erase_company(self.db, company_id, None)
            self.pending = [r for r in self.pending
                            if next(self.db.query("SELECT count(*) AS n FROM responses WHERE id = ?", [r]))["n"]]

    def bulk(self) -> None:
        """What a bulk load ends with: is_latest recomputed for the version (workers rebuild)."""
        with immediate(self.db):
            score_store.refresh_latest(self.db, "peers", self.version)


OPERATION = st.one_of(
    st.tuples(st.just("new"), SCORES), st.tuples(st.just("resubmit"), st.integers(0, 50), SCORES),
    st.tuples(st.just("claim"), st.integers(0, 50), SCORES), st.tuples(st.just("confirm"), st.integers(0, 50)),
    st.tuples(st.just("erase"), st.integers(0, 50)), st.tuples(st.just("bulk")),
    st.tuples(st.just("look"), st.integers(0, 1)),
)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("peers") / "peers.db"
    migrate(path)
    return str(path), connect(path), iter(range(1, 10**6))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATION, min_size=1, max_size=25))
def test_workers_catching_up_equal_a_rebuild(database, operations):
    path, db, versions = database
    store = Store(db, next(versions))
    workers = [score_store.PeerCache(), score_store.PeerCache()]

    def look(worker: int) -> PeerTable:
        return workers[worker].get(db, path, "peers", store.version, METRICS)

    look(0)
    for operation in operations:
        name, *args = operation
        if name == "look":
            look(*args)
        else:
            getattr(store, name)(*args)
        rebuilt = score_store.load_peer_table(db, "peers", store.version, METRICS)
        same_numbers(look(0), rebuilt, store.companies)
    same_numbers(look(1), score_store.load_peer_table(db, "peers", store.version, METRICS), store.companies)
    latest = [r["company_id"] for r in db.query(
        "SELECT company_id FROM scores WHERE survey_id = 'peers' AND survey_version = ? AND is_latest = 1",
        [store.version])]
    assert sorted(latest) == sorted(store.companies) and len(look(1)) == len(latest)


def test_a_worker_catches_up_without_a_rebuild(tmp_path, monkeypatch):
    """After a submission (and a confirmation, and an erasure) a worker replaces only the changed
    companies' rows; a bulk change, or a database whose change history is not the one the worker
    saw (a restored copy), makes it rebuild."""
    path = tmp_path / "peers.db"
    migrate(path)
    db = connect(path)
    store = Store(db, 1)
    for n in range(6):
        store.new({"index": 10.0 * n, "levels": {"web": 50.0, "ads": None}, "groups": {"industry": "C"}})
    worker = score_store.PeerCache()
    worker.get(db, str(path), "peers", 1, METRICS)
    rebuilds = []
    original = score_store.load_peer_table
    monkeypatch.setattr(score_store, "load_peer_table", lambda *a: rebuilds.append(a) or original(*a))
    store.new({"index": 99.0, "levels": {"web": 10.0, "ads": 5.0}, "groups": {"industry": "I"}})
    store.claim(0, {"index": 1.0, "levels": {"web": 1.0, "ads": 1.0}, "groups": {"industry": "C"}})
    store.confirm(0)
    store.erase(3)
    table = worker.get(db, str(path), "peers", 1, METRICS)
    assert rebuilds == [] and len(table) == 6
    assert table.state() == original(db, "peers", 1, METRICS).state()
    assert worker.get(db, str(path), "peers", 1, METRICS) is table  # nothing changed: the same table
    store.bulk()
    worker.get(db, str(path), "peers", 1, METRICS)
    assert len(rebuilds) == 1
    # the remembered change replaced by another one with the same number: not the history seen
    db.execute("UPDATE peer_changes SET stamp = stamp + 1 WHERE seq = (SELECT max(seq) FROM peer_changes)")
    db.conn.commit()
    worker.get(db, str(path), "peers", 1, METRICS)
    assert len(rebuilds) == 2
