"""The website check against hostile servers (issue 22, items 2, 3 and 8): a double-gzip bomb, a
server trickling its headers a byte at a time, a one-word page, a page that makes backtracking
patterns explode, a parser that hangs or eats memory. Each ends within its deadline with bounded
memory and a plain reason; every pattern that reads page text is timed on pathological input.

Local servers on 127.0.0.1 stand in for public hosts (allowed through WEBSITE_CHECK_ALLOWED_HOSTS)."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib

import pytest

from tests.site_fixture import HTML, Site, huge_body, page
from websitecheck import fetch, fingerprints, guard, isolation, site, texts
from websitecheck import page as page_module
from websitecheck.fetch import Fetcher, FetchError

MB = 1024 * 1024


def allowed(srv, seconds: float = 15.0) -> Fetcher:
    return Fetcher(allowed_hosts=(f"127.0.0.1:{srv.port}",), deadline=time.monotonic() + seconds)


def limits(srv, seconds: float) -> isolation.Limits:
    return isolation.Limits(allowed_hosts=(f"127.0.0.1:{srv.port}",), timeout=seconds)


def _gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MB)
    return b"".join([packer.compress(block) for _ in range(size // MB)] + [packer.flush()])


@pytest.fixture(scope="module")
def bombs():
    """(single, double): gzip of 256 MiB of zeros (about 250 kB), and that gzipped again (a few kB)."""
    single = _gzip_of_zeros(256 * MB)
    return single, gzip.compress(single, 9)


# --- item 2: compression bombs ---------------------------------------------------------------

@pytest.mark.parametrize("headers", [{"Content-Encoding": "gzip, gzip"}, {"Content-Encoding": "gzip,x-gzip"}])
def test_a_double_gzip_bomb_is_refused_without_being_decoded(bombs, headers):
    """A reply of a few kB with 'Content-Encoding: gzip, gzip' grew a worker to 4.3 GB: httpx
    decoded both layers of each chunk before the 2 MB limit was looked at."""
    _single, double = bombs
    assert len(double) < 10_000
    with Site({"/": (200, {**HTML, **headers}, double)}) as srv:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as refused:
                allowed(srv).get(f"http://127.0.0.1:{srv.port}/")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    assert refused.value.reason == "encoding" and peak < 8 * MB, peak
    assert outcome.error == "encoding" and outcome.error_detail == ""
    assert "compressed several times" in texts.error_text(outcome.error, "en")


def test_a_single_gzip_bomb_stops_at_the_ratio_with_little_memory(bombs):
    single, _double = bombs
    with Site({"/": (200, {**HTML, "Content-Encoding": "gzip"}, single)}) as srv:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as refused:
                allowed(srv).get(f"http://127.0.0.1:{srv.port}/")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert refused.value.reason == "encoding" and peak < 8 * MB, peak


def test_two_content_encoding_headers_count_as_two_layers(bombs):
    _single, double = bombs

    def two_headers(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(double)))
        handler.end_headers()
        handler.wfile.write(double)

    with Site({"/": two_headers}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    assert outcome.error == "encoding"


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "x-bomb", "gzip, identity, deflate"])
def test_unknown_or_stacked_encodings_are_refused(coding):
    with Site({"/": (200, {**HTML, "Content-Encoding": coding}, b"\x1f\x8b whatever")}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    assert outcome.error == "encoding"


@pytest.mark.parametrize("coding, packed", [
    ("gzip", lambda body: gzip.compress(body)),
    ("deflate", lambda body: zlib.compress(body)),
    ("deflate", lambda body: zlib.compress(body)[2:-4]),  # raw deflate, as some servers send it
    ("identity", lambda body: body),
])
def test_ordinary_compressed_pages_are_read(coding, packed):
    with Site({"/": (200, {**HTML, "Content-Encoding": coding}, packed(page("good.html")))}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
        accepted = srv.requests[0][2].get("Accept-Encoding")
    assert outcome.ok, outcome.error
    assert {f["id"]: f["status"] for f in outcome.findings}["viewport"] == "pass"
    assert accepted == "gzip, deflate"  # never br or zstd: only what is decoded here with limits


def test_a_compressed_page_is_cut_at_two_megabytes_of_text():
    rows = "".join(f"<p>Tuote {i}: hinta {i * 7919 % 1000} € (koodi {i * 104729 % 99991})</p>\n"
                   for i in range(120_000))
    body = gzip.compress(("<html><body>" + rows).encode())  # about 6 MB of a varied page
    with Site({"/": (200, {**HTML, "Content-Encoding": "gzip"}, body)}) as srv:
        fetched = allowed(srv).get(f"http://127.0.0.1:{srv.port}/")
    assert fetched.truncated and len(fetched.body) == fetch.MAX_BYTES


# --- item 3: one deadline for the whole check ------------------------------------------------

def header_trickle(handler, seconds: float = 60.0):
    """A status line, then one header byte every half second, for a minute."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            handler.wfile.write(b"a")
            time.sleep(0.5)
    except OSError:
        pass


def test_a_header_trickle_cannot_hold_the_check_past_its_deadline():
    """A server sending one header byte a second kept the CLI busy for over 100 s: each read
    waited its own timeout and never the check's."""
    with Site({"/": header_trickle}) as srv:
        started = time.monotonic()
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv, seconds=2.0))
        took = time.monotonic() - started
    assert outcome.error == "timeout" and outcome.error_detail == ""
    assert took < 3.5, took
    assert texts.error_text("timeout", "en") == "The site did not answer within the time limit."


def test_the_isolated_check_ends_by_its_deadline_against_a_trickle():
    with Site({"/": header_trickle}) as srv:
        started = time.monotonic()
        outcome = isolation.run(f"http://127.0.0.1:{srv.port}/", limits(srv, 3.0))
        took = time.monotonic() - started
    assert outcome.error == "timeout" and took < 3.0 + isolation.START_GRACE + 1.0, took


def test_a_parser_that_hangs_is_stopped_from_outside(monkeypatch):
    """Parsing runs in the child too: whatever blocks there, the caller gets a timeout by the deadline."""
    def stuck(*args, **kwargs):
        time.sleep(60)

    monkeypatch.setattr(site, "parse", stuck)  # inherited by the forked child
    with Site({"/": (200, HTML, page("good.html"))}) as srv:
        started = time.monotonic()
        outcome = isolation.run(f"http://127.0.0.1:{srv.port}/", limits(srv, 2.0))
        took = time.monotonic() - started
    assert outcome.error == "timeout" and took < 2.0 + isolation.START_GRACE + 1.0, took


def test_a_check_that_eats_memory_is_stopped_at_its_budget(monkeypatch):
    def greedy(*args, **kwargs):
        hoard = [bytearray(64 * MB) for _ in range(64)]  # 4 GB unless the budget stops it
        return hoard

    monkeypatch.setattr(site, "parse", greedy)
    with Site({"/": (200, HTML, page("good.html"))}) as srv:
        outcome = isolation.run(f"http://127.0.0.1:{srv.port}/", limits(srv, 10.0))
    assert outcome.error == "too_large"
    assert texts.error_text("too_large", "fi") == "Sivu oli liian suuri tarkistettavaksi."


def test_the_isolated_check_returns_the_findings():
    with Site({"/": (200, HTML, page("good.html")), "/yhteystiedot": (200, HTML, page("contact.html"))}) as srv:
        outcomes = isolation.run_many([f"http://127.0.0.1:{srv.port}/", f"http://127.0.0.1:{srv.port}/puuttuu"],
                                      limits(srv, 10.0), workers=2)
    assert outcomes[0].ok and {f["id"]: f["status"] for f in outcomes[0].findings}["booking"] == "pass"
    assert (outcomes[1].error, outcomes[1].error_detail) == ("http_error", "HTTP 404")


@pytest.mark.parametrize("body", [
    b"<html><body><p>" + b"a" * 200_000 + b"</p></body></html>",  # one word: 74 s with the old email pattern
    b"<html><body>" + b"<link " * 20_000 + b"</body></html>",  # minutes in the fingerprints' backtracking
    b"<html><body><p>" + b"a." * 100_000 + b"</p></body></html>",
    b"<html><body><p>" + b"0 " * 100_000 + b"</p></body></html>",
])
def test_pathological_pages_are_checked_quickly(body):
    with Site({"/": (200, HTML, body)}) as srv:
        started = time.monotonic()
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
        took = time.monotonic() - started
    assert outcome.ok and took < 8, took


def test_a_two_megabyte_page_is_checked_quickly():
    """The 2 MB page of long words took 42-58 s."""
    with Site({"/": lambda h: huge_body(h, 6 * MB)}) as srv:
        started = time.monotonic()
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
        took = time.monotonic() - started
    assert outcome.ok and took < 10, took


N = 100_000
PATHOLOGICAL = {
    "one word": "a" * N, "dotted": "a." * (N // 2), "at signs": "a@" * (N // 2), "labels": "a@b." * (N // 4),
    "long domain": "a@" + "b." * (N // 2), "local part": ("a" * 64 + "@") * (N // 65), "plus": "+" * N,
    "digits": "0" * N, "spaced digits": "0 " * (N // 2), "dashed digits": "0-" * (N // 2),
    "postcodes": "12345 " * (N // 6), "capitals": "12345 A" * (N // 7), "weekdays": "ma - " * (N // 5),
    "ids": "1234567-" * (N // 8), "hyphens": "a-" * (N // 2), "mixed": "a.b@c-d" * (N // 7),
}
PATTERNS = {"phone": page_module.PHONE_RE, "email": page_module.EMAIL_RE, "postcode": page_module.POSTCODE_RE,
            "business_id": page_module.BUSINESS_ID_RE, "hours": page_module.HOURS_RE,
            **{f"link_{kind}": pattern for kind, pattern in site.LINK_KINDS.items()}}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_page_text_pattern_is_linear_on_pathological_text(name):
    pattern = PATTERNS[name]
    for label, text in PATHOLOGICAL.items():
        started = time.perf_counter()
        pattern.findall(text)
        took = time.perf_counter() - started
        assert took < 0.5, (name, label, took)
    assert page_module.TEXT_LIMIT <= N  # nothing longer reaches them


def test_the_patterns_still_find_what_they_should():
    text = ("Soita 040 123 4567 tai +358 40 765 4321, info@kahvila.fi, myynti.it@sub.yritys.co.uk; "
            "Satamakatu 1, 50100 Mikkeli. Y-tunnus 1572860-0. Avoinna ma–pe 9–17.")
    assert page_module.EMAIL_RE.findall(text) == ["info@kahvila.fi", "myynti.it@sub.yritys.co.uk"]
    assert len(page_module.PHONE_RE.findall(text)) == 2
    assert page_module.POSTCODE_RE.findall(text) == ["50100 Mikkeli"]
    assert page_module.BUSINESS_ID_RE.findall(text) == ["1572860-0"]
    assert page_module.HOURS_RE.search(text)


def test_the_fingerprints_run_in_linear_time():
    started = time.monotonic()
    fingerprints.detect("http://x.test/", "<link " * 20_000, {})
    fingerprints.detect("http://x.test/", "<script src=" * 20_000, {})
    assert time.monotonic() - started < 3
    found = {t["name"] for t in fingerprints.detect("http://x.test/", page("good.html").decode(), {})}
    assert "Google Analytics 4" in found


# --- item 8: plain reasons -------------------------------------------------------------------

@pytest.mark.parametrize("code, detail, shown", [
    ("private", "intranet.example resolves to 10.1.2.3", ""),
    ("dns", "x.example: [Errno -2] Name or service not known", ""),
    ("unreachable", "[Errno 111] Connection refused", ""),
    ("timeout", "timed out", ""),
    ("http_error", "HTTP 503", "HTTP 503"),
    ("http_error", "HTTP 503 <script>", ""),
    ("not_html", "application/pdf", "application/pdf"),
    ("not_html", "text/plain; x=10.0.0.1 secret", ""),
    ("port", "8080", "8080"),
    ("scheme", "ftp", "ftp"),
])
def test_only_harmless_details_are_kept(code, detail, shown):
    assert texts.safe_detail(code, detail) == shown


def test_a_refused_internal_address_is_not_named():
    def resolver(host, port):
        return ["10.20.30.40"]

    outcome = site.check("https://intranet.yritys.fi/", Fetcher(resolver=resolver))
    assert outcome.error == "private" and outcome.error_detail == ""
    with pytest.raises(guard.Refused):  # the guard itself still says why, for the code
        guard.check_url("https://intranet.yritys.fi/", (), resolver)
