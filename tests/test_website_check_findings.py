"""Website check findings an advisor can trust (issue 24, item 18): the schema.org type hierarchy
(a Bakery is a LocalBusiness), a business ID on the site that is not the company's, why a finding
is "unknown", http tried when https does not answer, and the technical details kept out of the
findings."""

from __future__ import annotations

import re

import pytest

from storage import website_checks as check_store
from tests.site_fixture import HTML, Site, page
from tests.test_advisor import login, workspace  # noqa: F401  (fixture)
from tests.test_website_check_views import allow, run, site  # noqa: F401  (fixtures)
from websitecheck import checks, schema_types, service, site as site_check
from websitecheck.fetch import Fetcher
from websitecheck.page import Page


def _site_with(types):
    home = Page(url="https://leipomo.test/", status=200, headers={}, size=1000, elapsed_ms=100)
    home.schema_types = types
    return checks.Site("https://leipomo.test/", "https://leipomo.test/", home, [home])


@pytest.mark.parametrize("types, status", [
    (["Bakery"], "pass"), (["CafeOrCoffeeShop"], "pass"), (["HairSalon"], "pass"), (["Dentist"], "pass"),
    (["https://schema.org/Winery"], "pass"), (["Corporation"], "pass"), (["Product"], "pass"),
    (["WebSite", "BreadcrumbList"], "warn"), ([], "fail"),
])
def test_structured_data_follows_the_schema_org_hierarchy(types, status):
    found = {f["id"]: f for f in checks.structured(_site_with(types))}["structured_data"]
    assert found["status"] == status


def test_the_hierarchy_data_names_every_business_under_local_business():
    assert schema_types.describes_company("Bakery") and schema_types.describes_company("SkiResort")
    assert schema_types.describes_company("LocalBusiness") and schema_types.describes_company("Organization")
    assert not schema_types.describes_company("WebPage") and not schema_types.describes_company("Person")
    tree = {"A": ["B"], "B": ["C", "D"], "D": ["A"]}  # a cycle in the data does not loop
    assert schema_types.descendants(tree, ["A"]) == {"A", "B", "C", "D"}


def test_a_business_id_that_is_not_the_company_s_is_flagged():
    findings = [{"id": "business_id", "status": "pass", "evidence": ["1572860-0"]}]
    assert checks.business_id_mismatch(findings, "2077474-0") == ["1572860-0"]
    assert checks.business_id_mismatch(findings, "1572860-0") == []
    rows = {r["id"]: r for r in service.finding_rows(findings, "en", {}, (), "2077474-0")}
    assert rows["business_id"]["status"] == "warn" and rows["business_id"]["mismatch"] == ["1572860-0"]
    same = {r["id"]: r for r in service.finding_rows(findings, "en", {}, (), "1572860-0")}
    assert same["business_id"]["status"] == "pass" and not same["business_id"]["mismatch"]


@pytest.mark.parametrize("check_id", ["ads_pixel", "booking", "webshop", "http_redirect", "opening_hours", "hsts"])
def test_an_unknown_finding_says_why(check_id):
    rows = service.finding_rows([{"id": check_id, "status": "unknown", "evidence": []}], "fi", {})
    assert len(rows[0]["reason"]) > 30
    assert service.finding_rows([{"id": check_id, "status": "pass", "evidence": []}], "fi", {})[0]["reason"] == ""


def test_a_bare_address_is_tried_over_http_when_https_does_not_answer():
    with Site({"/": (200, HTML, page("good.html"))}) as srv:
        fetcher = Fetcher(allowed_hosts=(f"127.0.0.1:{srv.port}",))
        bare = site_check.check(f"127.0.0.1:{srv.port}", fetcher)
        typed = site_check.check(f"https://127.0.0.1:{srv.port}/", Fetcher(allowed_hosts=(f"127.0.0.1:{srv.port}",)))
    assert bare.ok and bare.final_url.startswith("http://")
    found = {f["id"]: f for f in bare.findings}
    assert found["https"]["status"] == "fail" and found["viewport"]["status"] == "pass"
    assert not typed.ok  # https:// typed: only what was asked for


def test_the_page_flags_another_business_id_and_keeps_the_tool_out_of_the_findings(app, workspace, allow):
    db, companies = workspace
    own = companies["miksei"]
    advisor = login(app, "anna@miksei.test")
    assert run(advisor, own, allow + "/hyva").status_code == 302
    html = advisor.get(f"/neuvoja/verkkosivut/yritys/{own}?lang=en").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    business_id = db.execute("SELECT business_id FROM companies WHERE id = ?", [own]).fetchone()[0]
    assert f"the site shows 1572860-0, the company's is {business_id}" in text
    stored = check_store.latest(db, own)
    details = text.split("Technical details:", 1)[1][:120]
    assert stored["tool_version"] in details
    findings = html.split('id="raporttiin"', 1)[1]
    assert stored["tool_version"] not in findings and "UTC" not in html
