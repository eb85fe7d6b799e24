"""The checks: plain facts about the fetched pages → findings with status and evidence.

Pure functions: no network, no database. A finding is a dict with ``id`` (see
``data/checks.toml`` for its area and texts), ``status`` (pass, warn, fail, unknown) and
``evidence`` (the element, header or address that shows it; shown literally)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import schema_types
from .page import Page

STATUSES = ("pass", "warn", "fail", "unknown")
HEAVY_BYTES = 1_500_000
SLOW_MS = 2_500


@dataclass
class Site:
    """What the fetch step learnt about a site, beside its parsed pages."""

    requested: str
    final_url: str
    home: Page | None
    pages: list[Page] = field(default_factory=list)  # home first, then the linked pages
    tls_error: str | None = None
    http_redirects_to_https: bool | None = None  # None: not probed or not reachable
    http_probe_evidence: str = ""
    technologies: list[dict] = field(default_factory=list)
    booking_links: list[str] = field(default_factory=list)
    truncated: bool = False


def finding(check_id: str, status: str, *evidence: str, value=None) -> dict:
    assert status in STATUSES, status
    result = {"id": check_id, "status": status, "evidence": [e for e in evidence if e][:5]}
    if value is not None:
        result["value"] = value
    return result


def _all(site: Site, attribute: str) -> list:
    seen = []
    for page in site.pages:
        for item in getattr(page, attribute):
            if item not in seen:
                seen.append(item)
    return seen


def security(site: Site) -> list[dict]:
    https = urlsplit(site.final_url).scheme == "https"
    home = site.home
    hsts = home.headers.get("strict-transport-security", "") if home else ""
    out = [finding("https", "pass" if https else "fail", site.final_url)]
    if site.http_redirects_to_https is None:
        out.append(finding("http_redirect", "unknown", site.http_probe_evidence))
    else:
        out.append(finding("http_redirect", "pass" if site.http_redirects_to_https else "warn",
                           site.http_probe_evidence))
    if site.tls_error:
        out.append(finding("certificate", "fail", site.tls_error))
    else:
        out.append(finding("certificate", "pass" if https else "unknown", site.final_url if https else ""))
    if https:
        out.append(finding("hsts", "pass" if hsts else "warn", f"Strict-Transport-Security: {hsts}" if hsts else ""))
    else:
        out.append(finding("hsts", "unknown"))
    return out


def basics(home: Page) -> list[dict]:
    viewport_ok = "width=device-width" in home.viewport.replace(" ", "").lower()
    out = [
        finding("viewport", "pass" if viewport_ok else ("warn" if home.viewport else "fail"),
                f'<meta name="viewport" content="{home.viewport}">' if home.viewport else ""),
        finding("title", "pass" if 0 < len(home.title) <= 70 else ("warn" if home.title else "fail"),
                f"<title>{home.title}</title>" if home.title else ""),
        finding("description", "pass" if home.description else "warn",
                f'<meta name="description" content="{home.description[:150]}">' if home.description else ""),
        finding("lang", "pass" if home.lang else "warn", f'<html lang="{home.lang}">' if home.lang else ""),
    ]
    versions = [f'hreflang="{h}"' for h in home.hreflang] + home.language_links
    out.append(finding("language_versions", "pass" if versions else "warn", *versions))
    return out


def contact(site: Site) -> list[dict]:
    tel, mailto = _all(site, "tel"), _all(site, "mailto")
    phones, emails = _all(site, "phones"), _all(site, "emails")
    postcodes, ids, hours = _all(site, "postcodes"), _all(site, "business_ids"), _all(site, "hours")
    schema_hours = any(p.schema_hours for p in site.pages)
    return [
        finding("contact_phone", "pass" if tel else ("warn" if phones else "fail"),
                *[f'<a href="tel:{t}">' for t in tel], *phones),
        finding("contact_email", "pass" if mailto or emails else "fail",
                *[f'<a href="mailto:{m}">' for m in mailto], *emails),
        finding("address", "pass" if postcodes else "warn", *postcodes),
        finding("business_id", "pass" if ids else "warn", *ids),
        finding("opening_hours", "pass" if hours or schema_hours else "unknown",
                *(["schema.org openingHours"] if schema_hours else []), *hours),
    ]


def structured(site: Site) -> list[dict]:
    types = _all(site, "schema_types")
    # by the schema.org type hierarchy: a Bakery is a FoodEstablishment is a LocalBusiness
    business = [t for t in types if schema_types.describes_company(t) or schema_types.describes_offering(t)]
    og = site.home.og if site.home else {}
    networks = {}
    for page in site.pages:
        for network, url in page.social.items():
            networks.setdefault(network, url)
    return [
        finding("structured_data", "pass" if business else ("warn" if types else "fail"),
                *[f"schema.org {t}" for t in (business or types)]),
        finding("open_graph", "pass" if "og:title" in og and "og:image" in og else ("warn" if og else "fail"),
                *[f'<meta property="{k}" content="{v[:80]}">' for k, v in list(og.items())[:4]]),
        finding("social_links", "pass" if networks else "warn", *networks.values(),
                value=sorted(networks)),
    ]


def technology(site: Site) -> list[dict]:
    def of(kind):
        return [t for t in site.technologies if kind in t["kinds"]]

    def tech_finding(check_id, kind, missing="warn", extra=()):
        found = of(kind)
        names = [t["name"] for t in found]
        evidence = [f"{t['name']}: {t['evidence']}" if t["evidence"] else t["name"] for t in found] + list(extra)
        return finding(check_id, "pass" if found or extra else missing, *evidence, value=names)

    return [
        tech_finding("webshop", "webshop", missing="unknown"),
        tech_finding("booking", "booking", missing="unknown", extra=site.booking_links),
        tech_finding("analytics", "analytics"),
        tech_finding("ads_pixel", "ads", missing="unknown"),
        tech_finding("cookie_consent", "cookie_consent"),
    ]


def accessibility(home: Page) -> list[dict]:
    missing_alt, unlabelled = home.images_without_alt, home.unlabelled_fields
    skips = [f"h{a} → h{b}" for a, b in zip(home.headings, home.headings[1:], strict=False) if b > a + 1]
    h1 = home.headings.count(1)
    heading_status = "pass" if h1 == 1 and not skips else ("fail" if not home.headings else "warn")
    return [
        finding("img_alt", "pass" if not missing_alt else "warn" if len(missing_alt) <= 2 else "fail",
                *missing_alt, value=[len(missing_alt), home.images]),
        finding("form_labels", "pass" if not unlabelled else "fail", *unlabelled, value=len(unlabelled)),
        finding("heading_order", heading_status, *skips, *([f"h1 × {h1}"] if h1 != 1 else []), value=h1),
    ]


def performance(site: Site) -> list[dict]:
    home = site.home
    size, elapsed = home.size, home.elapsed_ms
    return [
        finding("page_weight", "pass" if size < HEAVY_BYTES and not site.truncated else "warn",
                f"{size / 1024:.0f} kB (HTML)", value=size),
        finding("response_time", "pass" if elapsed < SLOW_MS else "warn", f"{elapsed} ms", value=elapsed),
    ]


def _digits(business_id: str) -> str:
    return "".join(ch for ch in business_id if ch.isdigit())


def business_id_mismatch(findings: list[dict], business_id: str | None) -> list[str]:
    """The business IDs the site shows when none of them is the company's own (the address may be
    another company's site, or the ID on it mistyped); empty when they agree or none was found."""
    shown = next((f["evidence"] for f in findings if f["id"] == "business_id" and f["status"] == "pass"), [])
    if not shown or not business_id:
        return []
    return [] if _digits(business_id) in {_digits(e) for e in shown} else list(shown)


def run(site: Site) -> list[dict]:
    """Every finding for a site; without an HTML homepage only the transport checks can run."""
    findings = security(site)
    if site.home is None:
        return findings
    return (findings + basics(site.home) + contact(site) + structured(site) + technology(site)
            + accessibility(site.home) + performance(site))
