"""The website check's children are reused from check to check (a fork per check cost more CPU
than the check), and every check in a reused child keeps the hard limits of issue 22: its own
deadline, its own memory cap, and a fresh child after one is killed or runs out of memory."""

from __future__ import annotations

import os
import time

from websitecheck import isolation
from websitecheck.site import Outcome

MB = 1024 * 1024


def _fake_check(url, fetcher):
    """Stands in for ``site.check`` in the forked children (inherited through the fork)."""
    if url.endswith("/hang"):
        time.sleep(60)
    if url.endswith("/greedy"):
        hoard = [bytearray(64 * MB) for _ in range(64)]  # 4 GB unless the cap stops it
        return Outcome(requested=url, error=str(len(hoard)))
    return Outcome(requested=url, final_url=str(os.getpid()))


def _limits(seconds: float = 10.0) -> isolation.Limits:
    return isolation.Limits(timeout=seconds)


def test_children_are_reused_across_checks(monkeypatch):
    monkeypatch.setattr(isolation, "check", _fake_check)
    outcomes = isolation.run_many([f"https://example.test/{i}" for i in range(12)], _limits(), workers=3)
    assert [o.requested for o in outcomes] == [f"https://example.test/{i}" for i in range(12)]
    pids = {o.final_url for o in outcomes}
    assert all(o.ok for o in outcomes) and 1 <= len(pids) <= 3 and str(os.getpid()) not in pids


def test_a_reused_child_still_ends_by_each_checks_deadline(monkeypatch):
    monkeypatch.setattr(isolation, "check", _fake_check)
    started = time.monotonic()
    outcomes = isolation.run_many(["https://a.test/", "https://b.test/hang", "https://c.test/"], _limits(2.0),
                                  workers=1)
    took = time.monotonic() - started
    assert [o.error for o in outcomes] == [None, "timeout", None]
    assert outcomes[0].final_url != outcomes[2].final_url  # the killed child was replaced
    assert took < 2.0 + isolation.START_GRACE + 3.0, took


def test_a_reused_child_still_has_each_checks_memory_cap(monkeypatch):
    monkeypatch.setattr(isolation, "check", _fake_check)
    urls = ["https://a.test/", "https://b.test/", "https://c.test/greedy", "https://d.test/"]
    outcomes = isolation.run_many(urls, _limits(), workers=1)
    assert [o.error for o in outcomes] == [None, None, "too_large", None]
    assert outcomes[0].final_url == outcomes[1].final_url  # reused before the overrun
    assert outcomes[3].final_url != outcomes[1].final_url  # a fresh child after it


def test_a_child_retires_after_its_share_of_checks(monkeypatch):
    monkeypatch.setattr(isolation, "check", _fake_check)
    monkeypatch.setattr(isolation, "MAX_CHECKS", 2)
    outcomes = isolation.run_many([f"https://example.test/{i}" for i in range(5)], _limits(), workers=1)
    assert all(o.ok for o in outcomes) and len({o.final_url for o in outcomes}) == 3


def test_no_child_outlives_the_batch(monkeypatch):
    monkeypatch.setattr(isolation, "check", _fake_check)
    isolation.run_many([f"https://example.test/{i}" for i in range(4)], _limits(), workers=2)
    import multiprocessing
    assert not [p for p in multiprocessing.active_children() if p.name == "website-check"]
