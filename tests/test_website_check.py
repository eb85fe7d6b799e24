"""Website quick check: the address policy, each check on fixture pages, the limits, TLS, IDN,
the contradictions with the self-assessment, the AI draft, the pages, access and the CLI.

Everything runs against local fixture servers (tests/site_fixture.py); no internet needed."""

from __future__ import annotations

import json
import ssl

import pytest
import trustme

from tests.site_fixture import HTML, Site, huge_body, page, slow_body
from websitecheck import compare, figures, guard, site, texts
from websitecheck.fetch import Fetcher


def allowed(srv, host="127.0.0.1"):
    return Fetcher(allowed_hosts=(f"{host}:{srv.port}",))


def by_id(outcome):
    return {f["id"]: f for f in outcome.findings}


# --- the address policy ----------------------------------------------------------------------

@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("255.255.255.255", False), ("198.18.0.1", False),
    ("::1", False), ("fe80::1", False), ("fc00::1", False), ("ff02::1", False), ("::", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::1", False), ("2001::1", False),
    ("8.8.8.8", True), ("193.166.3.1", True), ("2001:4860:4860::8888", True), ("::ffff:8.8.8.8", True),
])
def test_only_global_addresses_are_public(address, public):
    assert guard.is_public(address) is public


@pytest.mark.parametrize("url, reason", [
    ("", "empty"), ("   ", "empty"), ("ftp://example.fi/", "scheme"), ("file:///etc/passwd", "scheme"),
    ("javascript:alert(1)", "scheme"), ("https://user:pw@example.fi/", "malformed"),
    ("https://example.fi:8080/", "port"), ("http://[::1]/", "private"), ("http://localhost/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "private"), ("https://exa mple.fi/", "malformed"),
])
def test_refused_addresses(url, reason):
    def resolver(host, port):
        return {"example.fi": ["93.184.216.34"], "localhost": ["127.0.0.1"]}.get(host) or [host]
    with pytest.raises(guard.Refused) as refused:
        guard.check_url(guard.normalise_url(url), (), resolver)
    assert refused.value.reason == reason


def test_bare_domain_gets_https_and_idn_is_encoded():
    assert guard.normalise_url("www.yritys.fi") == "https://www.yritys.fi"
    target = guard.check_url("https://Äänekosken-Kahvila.fi/", (), lambda host, port: ["93.184.216.34"])
    assert target.host == "xn--nekosken-kahvila-unba.fi" and target.address == "93.184.216.34"


def test_dns_rebinding_cannot_change_the_address():
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    target = guard.check_url("https://example.fi/", (), lambda host, port: next(answers))
    assert target.address == "93.184.216.34"  # the connection goes here, whatever DNS says later


# --- checks on fixture pages -----------------------------------------------------------------

def test_a_good_site_passes_the_checks():
    routes = {"/": (200, {**HTML, "Strict-Transport-Security": "max-age=1"}, page("good.html")),
              "/yhteystiedot": (200, HTML, page("contact.html"))}
    with Site(routes) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    assert outcome.ok, outcome.error_detail
    found = by_id(outcome)
    assert set(found) == set(texts.CHECK_IDS)
    for check_id in ("viewport", "title", "description", "lang", "language_versions", "contact_phone",
                     "contact_email", "address", "business_id", "opening_hours", "structured_data", "open_graph",
                     "social_links", "booking", "analytics", "cookie_consent", "img_alt", "form_labels",
                     "heading_order", "page_weight"):
        assert found[check_id]["status"] == "pass", (check_id, found[check_id])
    assert found["https"]["status"] == "fail"  # plain http
    assert found["social_links"]["value"] == ["facebook", "instagram"]
    assert found["analytics"]["value"] == ["Google Analytics 4"]
    assert "googletagmanager.com/gtag/js?id=G-TEST123" in found["analytics"]["evidence"][0]
    assert found["booking"]["value"] == ["Varaamo"]  # from the linked contact page
    assert '<a href="tel:+358401234567">' in found["contact_phone"]["evidence"]
    assert "1572860-0" in found["business_id"]["evidence"]
    assert outcome.pages == [f"http://127.0.0.1:{srv.port}/", f"http://127.0.0.1:{srv.port}/yhteystiedot"]


def test_a_poor_site_gets_warnings_with_evidence():
    with Site({"/": (200, HTML, page("poor.html"))}) as srv:
        outcome = site.check(f"127.0.0.1:{srv.port}", allowed(srv))  # bare address: https first, then fails
    assert outcome.error == "unreachable" or outcome.ok
    with Site({"/": (200, HTML, page("poor.html"))}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    found = by_id(outcome)
    assert found["viewport"]["status"] == "fail"
    assert found["title"]["status"] == "fail"
    assert found["lang"]["status"] == "warn"
    assert found["img_alt"]["status"] == "fail" and found["img_alt"]["value"] == [3, 3]
    assert found["img_alt"]["evidence"][0] == '<img src="a.jpg"/>'
    assert found["form_labels"]["status"] == "fail" and found["form_labels"]["value"] == 2
    assert found["heading_order"]["status"] == "warn" and "h2 → h4" in found["heading_order"]["evidence"]
    assert found["contact_phone"]["status"] == "warn"  # a number in the text, no tel: link
    assert found["analytics"]["status"] == "warn" and found["structured_data"]["status"] == "fail"


def test_hostile_page_text_is_kept_as_text():
    body = b'<html><head><title><script>alert(1)</script> =1+1 \xe2\x80\xaeevil</title></head><body></body></html>'
    with Site({"/": (200, HTML, body)}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    assert by_id(outcome)["title"]["evidence"] == ["<title><script>alert(1)</script> =1+1 \u202eevil</title>"]


# --- limits ----------------------------------------------------------------------------------

def test_loopback_is_refused_without_the_allow_list_and_never_contacted():
    with Site({"/": (200, HTML, page("good.html"))}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", Fetcher())
        outcome_by_name = site.check(f"http://localhost:{srv.port}/", Fetcher())
        assert srv.requests == []
    assert outcome.error == "private" and outcome_by_name.error == "private"


def test_redirect_to_a_private_address_is_refused():
    routes = {"/": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
              "/internal": (302, {"Location": "http://10.0.0.1/"}, b"")}
    with Site(routes) as srv:
        first = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
        second = site.check(f"http://127.0.0.1:{srv.port}/internal", allowed(srv))
    assert first.error == "private" and second.error == "private"
    assert first.error_detail == second.error_detail == ""  # no internal address shown or stored (issue 22/8)


def test_redirect_loops_stop_after_five():
    with Site({"/": (302, {"Location": "/"}, b"")}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
        assert len(srv.requests) == 6
    assert outcome.error == "redirects"


def test_redirects_are_followed_and_recorded():
    routes = {"/": (301, {"Location": "/fi/"}, b""), "/fi/": (200, HTML, page("good.html"))}
    with Site(routes) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    assert outcome.ok and outcome.final_url.endswith("/fi/")


def test_a_slow_page_is_cut_at_the_time_limit():
    import time

    with Site({"/": lambda h: slow_body(h, 20)}) as srv:
        started = time.monotonic()
        fetcher = allowed(srv)
        fetcher.deadline = time.monotonic() + 2.0
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", fetcher)
        took = time.monotonic() - started
    assert took < 6, took
    assert outcome.ok and by_id(outcome)["page_weight"]["status"] == "warn"  # cut short: not the whole page


def test_a_huge_page_is_cut_at_two_megabytes():
    with Site({"/": lambda h: huge_body(h, 6 * 1024 * 1024)}) as srv:
        fetcher = allowed(srv)
        fetched = fetcher.get(f"http://127.0.0.1:{srv.port}/")
    assert fetched.truncated and len(fetched.body) == 2 * 1024 * 1024


@pytest.mark.parametrize("content_type, body", [
    ("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("application/octet-stream", bytes(range(256)) * 10),
])
def test_non_html_is_a_finding_not_a_crash(content_type, body):
    with Site({"/": (200, {"Content-Type": content_type}, body)}) as srv:
        outcome = site.check(f"http://127.0.0.1:{srv.port}/", allowed(srv))
    assert outcome.error == "not_html" and content_type in outcome.error_detail


def test_unreachable_host_and_http_error():
    with Site({}) as srv:
        port = srv.port
        missing = site.check(f"http://127.0.0.1:{port}/", allowed(srv))
    assert missing.error == "http_error" and missing.error_detail == "HTTP 404"
    gone = site.check(f"http://127.0.0.1:{port}/", Fetcher(allowed_hosts=(f"127.0.0.1:{port}",)))
    assert gone.error == "unreachable"


def test_idn_host_is_sent_as_punycode():
    with Site({"/": (200, HTML, page("good.html"))}) as srv:
        fetcher = Fetcher(allowed_hosts=(f"äänekoski.test:{srv.port}",),
                          resolver=lambda host, port: ["127.0.0.1"] if host == "xn--nekoski-4waa.test" else [])
        outcome = site.check(f"http://äänekoski.test:{srv.port}/", fetcher)
        host_header = srv.requests[0][0]
    assert outcome.ok
    assert host_header == f"xn--nekoski-4waa.test:{srv.port}"


# --- TLS -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    ca = trustme.CA()
    cert = ca.issue_cert("kahvila.test")
    folder = tmp_path_factory.mktemp("tls")
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context, str(ca_file)


def tls_site(context, routes):
    srv = Site(routes)
    srv.server.socket = context.wrap_socket(srv.server.socket, server_side=True)
    return srv


def test_valid_certificate_and_hsts(tls):
    context, ca_file = tls
    routes = {"/": (200, {**HTML, "Strict-Transport-Security": "max-age=31536000"}, page("good.html"))}
    with tls_site(context, routes) as srv:
        fetcher = Fetcher(allowed_hosts=(f"kahvila.test:{srv.port}",), resolver=lambda h, p: ["127.0.0.1"],
                          ca_file=ca_file)
        outcome = site.check(f"https://kahvila.test:{srv.port}/", fetcher)
    found = by_id(outcome)
    assert found["https"]["status"] == "pass" and found["certificate"]["status"] == "pass"
    assert found["hsts"]["status"] == "pass"


def test_untrusted_certificate_fails_but_the_page_is_still_checked(tls):
    context, _ca_file = tls
    with tls_site(context, {"/": (200, HTML, page("good.html"))}) as srv:
        fetcher = Fetcher(allowed_hosts=(f"kahvila.test:{srv.port}",), resolver=lambda h, p: ["127.0.0.1"])
        outcome = site.check(f"https://kahvila.test:{srv.port}/", fetcher)
    found = by_id(outcome)
    assert found["certificate"]["status"] == "fail" and "certificate" in found["certificate"]["evidence"][0].lower()
    assert found["viewport"]["status"] == "pass"


# --- next to the self-assessment and over time ------------------------------------------------

def test_contradictions_with_the_self_assessment(survey):
    findings = [{"id": "viewport", "status": "fail", "evidence": []},
                {"id": "analytics", "status": "warn", "evidence": []},
                {"id": "social_links", "status": "pass", "evidence": []},
                {"id": "webshop", "status": "unknown", "evidence": []}]
    answers = {"website_mobile": "3", "analytics_tracking": "1", "channels": ["webshop", "facebook"]}
    assert compare.contradictions(findings, answers, survey) == {"viewport": ["mobile"], "webshop": ["webshop_said"]}
    assert compare.contradictions(findings, {"website_mobile": "na"}, survey) == {}
    assert "no mobile viewport" in compare.rule_text("mobile", "en")


def test_changes_between_two_checks():
    before = [{"id": "https", "status": "fail"}, {"id": "viewport", "status": "pass"},
              {"id": "webshop", "status": "unknown"}]
    after = [{"id": "https", "status": "pass"}, {"id": "viewport", "status": "warn"},
             {"id": "webshop", "status": "pass"}]
    assert compare.changes(before, after) == [
        {"id": "https", "before": "fail", "after": "pass", "better": True},
        {"id": "viewport", "before": "pass", "after": "warn", "better": False},
        {"id": "webshop", "before": "unknown", "after": "pass", "better": None},
    ]


def test_presence_figures_hide_small_groups():
    def row(https, municipality):
        status = "pass" if https else "fail"
        return {"features": figures.has_features([{"id": "https", "status": status}]),
                "groups": {"municipality": municipality}}
    rows = [row(True, "491")] * 4 + [row(False, "491")] + [row(True, "740")] * 4
    table = figures.breakdown(rows, "municipality", 5)
    assert table["total"] == {"n": 9, "hidden": False,
                              "shares": {**{k: 0.0 for k in figures.FEATURES}, "https": pytest.approx(800 / 9)}}
    # the total follows the same rule: under five checked sites no shares at all
    few = figures.breakdown(rows[:4], None, 5)["total"]
    assert few["hidden"] and few["shares"]["https"] is None
    mikkeli, savonlinna = table["groups"]
    assert (mikkeli["code"], mikkeli["n"], mikkeli["hidden"], mikkeli["shares"]["https"]) == ("491", 5, False, 80.0)
    assert ((savonlinna["code"], savonlinna["n"], savonlinna["hidden"], savonlinna["shares"]["https"])
            == ("740", 4, True, None))


def test_texts_are_complete_and_validated():
    checks_data, rules = texts.load()
    assert set(checks_data["checks"]) == set(texts.CHECK_IDS)
    broken = json.loads(json.dumps(checks_data))
    del broken["checks"]["hsts"]["advice"]["en"]
    with pytest.raises(texts.DataError, match=r"checks.toml: checks.hsts.advice"):
        texts.validate_checks(broken)
    with pytest.raises(texts.DataError, match=r"contradictions.toml: rules\[0\] \(x\): unknown check 'nope'"):
        texts.validate_rules({"rules": [{"id": "x", "check": "nope"}]})
