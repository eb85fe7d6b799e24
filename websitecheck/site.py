"""One website check: fetch the homepage and a few linked pages within the limits, parse them,
fingerprint the technologies and run the checks."""

from __future__ import annotations

import re
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import httpx

from . import checks, fingerprints, guard, texts
from .fetch import Fetched, FetchError, Fetcher
from .page import parse

TOOL_VERSION = "website-check 1"
FINGERPRINT_HEAD, FINGERPRINT_TAIL = 100_000, 20_000
LINK_KINDS = {
    "contact": re.compile(r"(yhteys|ota-yhteytta|ota yhteyttä|contact|kontakt|palaute)", re.I),
    "shop": re.compile(r"(verkkokauppa|kauppa|shop|store|tuotteet|products|webshop)", re.I),
    "booking": re.compile(r"(varaa|varaus|ajanvaraus|book|booking|reserv)", re.I),
}
BOOKING_PORTALS = ("booking.com", "airbnb.", "expedia.", "tripadvisor.", "nettimokki.com", "lomarengas.fi",
                   "hotels.com", "vrbo.com", "varaamo.fi", "timma.fi", "bokun.io", "lodgify.com", "simplybook.")
MAX_LINKED = 3


@dataclass
class Outcome:
    """The result of one check: findings when it ran, else the reason it could not."""

    requested: str
    final_url: str = ""
    findings: list[dict] = field(default_factory=list)
    error: str | None = None  # a code of texts.ERRORS (guard.Refused, fetch.FetchError, not_html, http_error, …)
    error_detail: str = ""  # texts.safe_detail: the status, content type, port or scheme, else empty
    page_text: str = ""
    duration_ms: int = 0
    tool_version: str = TOOL_VERSION
    dataset_version: str = ""
    pages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def _causes(exc: Exception):
    cause, seen = exc, 0
    while cause is not None and seen < 20:
        yield cause
        cause, seen = cause.__cause__ or cause.__context__, seen + 1


def _is_tls_error(exc: Exception) -> bool:
    return any(isinstance(cause, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(cause)
               or "SSL" in type(cause).__name__ for cause in _causes(exc))


def _tls_evidence(exc: Exception) -> str:
    """What the certificate finding shows: OpenSSL's short reason (e.g. "self-signed certificate"),
    never the raw exception text."""
    for cause in _causes(exc):
        reason = getattr(cause, "verify_message", None)
        if isinstance(reason, str) and reason:
            plain = "".join(ch for ch in reason if ch.isprintable())[:100]
            return f"certificate verification failed: {plain}"
    return "certificate verification failed"


def _get(fetcher: Fetcher, url: str) -> tuple[Fetched, str | None]:
    """GET with certificate checks; on a certificate error fetch again without, noting the error."""
    try:
        return fetcher.get(url), None
    except httpx.ConnectError as exc:
        if not _is_tls_error(exc):
            raise
        return fetcher.get(url, verify=False), _tls_evidence(exc)


def _home(fetcher: Fetcher, typed: str, url: str) -> tuple[Fetched, str | None]:
    """The homepage. An address typed without http:// or https:// is tried over https first and,
    when https does not answer at all (no connection, no TLS handshake, no reply in time), over
    plain http: many small companies' sites still answer only there."""
    try:
        return _get(fetcher, url)
    except (httpx.ConnectError, httpx.TimeoutException):
        if "://" in (typed or "") or not url.startswith("https://") or fetcher.remaining() < 2:
            raise
    return _get(fetcher, "http://" + url[len("https://"):])


def _probe_http(fetcher: Fetcher, final_url: str) -> tuple[bool | None, str]:
    parts = urlsplit(final_url)
    plain = urlunsplit(("http", parts.netloc, "/", "", ""))
    try:
        probe = fetcher.get(plain)
    except (guard.Refused, FetchError, httpx.HTTPError):
        return None, plain
    chain = probe.redirects + [probe.url]
    return probe.url.startswith("https://"), " → ".join(chain[:4])


def _linked(home_url: str, links: list[tuple[str, str]]) -> list[str]:
    host = urlsplit(home_url).hostname or ""
    base = host.removeprefix("www.")
    chosen = []
    for kind, pattern in LINK_KINDS.items():
        for url, text in links:
            link_host = (urlsplit(url).hostname or "").removeprefix("www.")
            if (link_host == base or link_host.endswith("." + base)) and (pattern.search(text) or pattern.search(
                    urlsplit(url).path)) and url.split("#")[0] not in chosen and url.split("#")[0] != home_url:
                chosen.append(url.split("#")[0])
                break
    return chosen[:MAX_LINKED]


def _fingerprint_html(html: str) -> str:
    if len(html) <= FINGERPRINT_HEAD + FINGERPRINT_TAIL:
        return html
    return html[:FINGERPRINT_HEAD] + "\n" + html[-FINGERPRINT_TAIL:]


def _page(fetched: Fetched):
    html = fetched.text()
    return parse(fetched.url, fetched.status, fetched.headers, html, len(fetched.body), fetched.elapsed_ms), html


def _site(fetcher: Fetcher, requested: str, home: Fetched, tls_error: str | None) -> checks.Site:
    page, html = _page(home)
    site = checks.Site(requested, home.url, page, [page], tls_error=tls_error, truncated=home.truncated)
    technologies = {t["name"]: t for t in fingerprints.detect(home.url, _fingerprint_html(html), home.headers)}
    for url in _linked(home.url, page.links):
        if fetcher.remaining() < 2:
            break
        try:
            fetched, _tls = _get(fetcher, url)
        except (guard.Refused, FetchError, httpx.HTTPError):
            continue
        if fetched.is_html and fetched.status < 400:
            linked, linked_html = _page(fetched)
            site.pages.append(linked)
            for tech in fingerprints.detect(fetched.url, _fingerprint_html(linked_html), fetched.headers):
                technologies.setdefault(tech["name"], tech)
    site.technologies = list(technologies.values())
    site.booking_links = sorted({u for p in site.pages for u, _t in p.links
                                 if any(portal in (urlsplit(u).hostname or "") for portal in BOOKING_PORTALS)})[:5]
    if fetcher.remaining() > 1:
        site.http_redirects_to_https, site.http_probe_evidence = _probe_http(fetcher, home.url)
    return site


def check(url_text: str, fetcher: Fetcher | None = None) -> Outcome:
    """Run one check of the address as typed; never raises for anything the site does."""
    started = time.monotonic()
    fetcher = fetcher or Fetcher()
    outcome = Outcome(requested=(url_text or "").strip())
    try:
        url = guard.normalise_url(url_text)
        home, tls_error = _home(fetcher, url_text, url)
        outcome.final_url = home.url
        if home.status >= 400:
            outcome.error, outcome.error_detail = "http_error", f"HTTP {home.status}"
        elif not home.is_html:
            outcome.error, outcome.error_detail = "not_html", home.content_type or "unknown type"
        else:
            site = _site(fetcher, url, home, tls_error)
            outcome.findings = checks.run(site)
            outcome.page_text = " ".join(p.text for p in site.pages)[:20_000]
            outcome.pages = [p.url for p in site.pages]
    except (guard.Refused, FetchError) as exc:
        outcome.error, outcome.error_detail = exc.reason, exc.detail
    except httpx.TimeoutException:
        outcome.error = "timeout"
    except httpx.HTTPError:
        outcome.error = "unreachable"
    # Only a harmless category is kept beside the code: never a DNS answer, an internal address or
    # an exception's text (advisors see it, and it is stored).
    outcome.error_detail = texts.safe_detail(outcome.error, outcome.error_detail) if outcome.error else ""
    outcome.duration_ms = int((time.monotonic() - started) * 1000)
    outcome.dataset_version = fingerprints.dataset_version()
    return outcome
