"""Technology fingerprints: the Wappalyzer dataset (through the maintained ``wappalyzer-python3``
port, GPL-3.0) plus our own entries in ``data/technologies_fi.json``, matched against a page.

The dataset's thousands of patterns are third-party regular expressions run on hostile HTML; with
Python's backtracking ``re`` some take minutes on a crafted page (``<link `` repeated). They are
compiled with RE2 instead (``google-re2``: linear time in the text, whatever the pattern); the
few RE2 cannot compile (look-arounds) never match. Loaded once per process; the dataset's
version is recorded with every check."""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from importlib import metadata, resources
from pathlib import Path

import re2
from Wappalyzer import Wappalyzer, WebPage

OWN_FILE = Path(__file__).parent / "data" / "technologies_fi.json"

# Wappalyzer category ids → what the check reports.
KINDS = {6: "webshop", 72: "booking", 10: "analytics", 36: "ads", 67: "cookie_consent", 42: "tag_manager", 1: "cms"}

_lock = threading.Lock()


class FingerprintError(Exception):
    pass


@functools.lru_cache(maxsize=1)
def _loaded() -> tuple[Wappalyzer, str]:
    dataset = json.loads((resources.files("Wappalyzer") / "data" / "technologies.json").read_text("utf-8"))
    try:
        own = json.loads(OWN_FILE.read_text("utf-8"))["technologies"]
    except (OSError, ValueError, KeyError) as exc:
        raise FingerprintError(f"{OWN_FILE.name}: {exc}") from None
    for name, entry in own.items():
        if not isinstance(entry, dict) or not entry.get("cats"):
            raise FingerprintError(f"{OWN_FILE.name}: {name!r} needs a list of categories ('cats')")
    # DOM (CSS selector) patterns are left out: they cost ~40 ms each through soupsieve, four
    # fifths of the matching time, for few technologies that matter here (docs/website-check.md).
    technologies = {name: {k: v for k, v in entry.items() if k != "dom"}
                    for name, entry in {**dataset["technologies"], **own}.items()}
    digest = hashlib.sha256(json.dumps(dataset["technologies"], sort_keys=True).encode()).hexdigest()[:12]
    version = (f"wappalyzer-python3 {metadata.version('wappalyzer-python3')} (technologies.json {digest}) "
               f"+ own {len(own)}")
    wappalyzer = Wappalyzer(categories=dataset["categories"], technologies=technologies)
    _linear_patterns(wappalyzer)
    return wappalyzer, version


class _Never:
    """A pattern RE2 cannot run (a look-around): it never matches."""

    def search(self, text):
        return None


def _linear_patterns(wappalyzer: Wappalyzer) -> None:
    """Every pattern compiled with RE2, case-insensitive as Wappalyzer's; version extraction off
    (it calls Python's ``re`` on the pattern, and the check does not report versions)."""
    options = re2.Options()
    options.case_sensitive, options.log_errors = False, False
    compiled: dict[str, object] = {}
    for fingerprint in wappalyzer.technologies.values():
        groups = [fingerprint.html, fingerprint.scripts, fingerprint.url, fingerprint.text,
                  getattr(fingerprint, "scriptSrc", []), *fingerprint.headers.values(), *fingerprint.meta.values()]
        for patterns in groups:
            for pattern in patterns:
                if pattern.string not in compiled:
                    try:
                        compiled[pattern.string] = re2.compile(pattern.string, options)
                    except re2.error:
                        compiled[pattern.string] = _Never()
                pattern.regex, pattern.version = compiled[pattern.string], None


def dataset_version() -> str:
    return _loaded()[1]


def _evidence(fingerprint, page: WebPage) -> str:
    for pattern in fingerprint.scripts:
        for script in page.scripts:
            if pattern.regex.search(script):
                return f'<script src="{script[:150]}">'
    for name, patterns in fingerprint.headers.items():
        value = page.headers.get(name)
        if value and any(p.regex.search(value) for p in patterns):
            return f"{name}: {value[:120]}"
    for name, patterns in fingerprint.meta.items():
        value = page.meta.get(name)
        if value and any(p.regex.search(value) for p in patterns):
            return f'<meta name="{name}" content="{value[:120]}">'
    for pattern in fingerprint.html:
        found = pattern.regex.search(page.html)
        if found:
            start = max(found.start() - 30, 0)
            return "…" + " ".join(page.html[start:found.end() + 30].split())[:150] + "…"
    return ""


def detect(url: str, html: str, headers: dict) -> list[dict]:
    """Technologies found on one page: name, our kind, categories and the evidence."""
    wappalyzer, _version = _loaded()
    page = WebPage(url, html=html, headers=dict(headers))
    with _lock:  # the analyser keeps its results on the instance
        wappalyzer.detected_technologies = {}
        found = wappalyzer.analyze_with_categories(page)
        wappalyzer.detected_technologies = {}
    results = []
    for name, info in sorted(found.items()):
        fingerprint = wappalyzer.technologies.get(name)
        cats = list(fingerprint.cats) if fingerprint else []
        kinds = sorted({KINDS[c] for c in cats if c in KINDS})
        results.append({"name": name, "kinds": kinds, "categories": info.get("categories", []),
                        "evidence": _evidence(fingerprint, page) if fingerprint else ""})
    return results
