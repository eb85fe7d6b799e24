"""What a fetched HTML page says about itself: parsed once into plain facts for the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import extruct
import lxml.html
from lxml import etree

SOCIAL = {
    "facebook": ("facebook.com", "fb.com", "fb.me"),
    "instagram": ("instagram.com",),
    "linkedin": ("linkedin.com",),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
    "x": ("x.com", "twitter.com"),
}
# Every pattern that reads page text runs in linear time: each quantifier is bounded and a match
# can only start where the thing starts (tests/test_website_hostile.py times each on
# pathological text). The text itself is cut at TEXT_LIMIT characters.
TEXT_LIMIT = 100_000
PHONE_RE = re.compile(r"(?<![\d-])(?:\+358|00358|0)[\s-]?\(?\d{1,3}\)?(?:[\s-]?\d){5,8}(?!\d)")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}", re.IGNORECASE)
POSTCODE_RE = re.compile(r"\b\d{5}\s{1,3}[A-ZÄÖÅ][a-zäöå]{1,40}")
BUSINESS_ID_RE = re.compile(r"\b\d{7}-\d\b")
HOURS_RE = re.compile(
    r"\b(aukiolo|avoinna|aukioloajat|opening hours|open (?:mon|daily|tue)|(?:ma|mon)\s{0,3}[-–]\s{0,3}(?:pe|fri))",
    re.I)
LANG_LINK_RE = re.compile(r"^(english|in english|eng|en|svenska|på svenska|sv|swe)$", re.I)


@dataclass
class Page:
    url: str
    status: int
    headers: dict
    size: int
    elapsed_ms: int
    lang: str = ""
    title: str = ""
    description: str = ""
    viewport: str = ""
    hreflang: list[str] = field(default_factory=list)
    language_links: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute URL, text)
    tel: list[str] = field(default_factory=list)
    mailto: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    business_ids: list[str] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    og: dict = field(default_factory=dict)
    schema_types: list[str] = field(default_factory=list)
    schema_hours: bool = False
    images_without_alt: list[str] = field(default_factory=list)
    images: int = 0
    unlabelled_fields: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    social: dict = field(default_factory=dict)
    text: str = ""


def _short(element) -> str:
    html = etree.tostring(element, encoding="unicode", with_tail=False)
    return html if len(html) <= 160 else html[:157] + "…"


def _meta(doc, name: str) -> str:
    found = doc.xpath(f'//meta[translate(@name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")="{name}"]')
    return (found[0].get("content") or "").strip() if found else ""


def _schema_types(html: str, url: str) -> tuple[list[str], bool]:
    try:
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata", "rdfa"], uniform=True,
                               errors="ignore")
    except Exception:  # noqa: BLE001 - a broken document just has no structured data
        return [], False
    types, hours = [], False

    def walk(node):
        nonlocal hours
        if isinstance(node, dict):
            kind = node.get("@type")
            for value in (kind if isinstance(kind, list) else [kind]):
                if isinstance(value, str):
                    types.append(value.rsplit("/", 1)[-1])
            if "openingHours" in node or "openingHoursSpecification" in node:
                hours = True
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return sorted(set(types)), hours


def _labelled(doc, field_el) -> bool:
    if field_el.get("aria-label") or field_el.get("aria-labelledby") or field_el.get("title"):
        return True
    ident = field_el.get("id")
    if ident and doc.xpath("//label[@for=$i]", i=ident):
        return True
    return any(a.tag == "label" for a in field_el.iterancestors())


def parse(url: str, status: int, headers: dict, html: str, size: int, elapsed_ms: int) -> Page:
    page = Page(url=url, status=status, headers=headers, size=size, elapsed_ms=elapsed_ms)
    try:
        doc = lxml.html.document_fromstring(html or "<html></html>")
    except (etree.ParserError, ValueError):
        return page
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    root = doc if doc.tag == "html" else doc.getroottree().getroot()
    page.lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    titles = doc.xpath("//title")
    page.title = " ".join(titles[0].text_content().split()) if titles else ""
    page.description = _meta(doc, "description")
    page.viewport = _meta(doc, "viewport")
    page.hreflang = sorted({(e.get("hreflang") or "").lower() for e in doc.xpath("//link[@hreflang]")} - {""})
    _links(doc, url, page)
    page.text = " ".join(" ".join(doc.itertext()).split())[:TEXT_LIMIT]
    page.phones = sorted(set(PHONE_RE.findall(page.text)))[:10]
    page.emails = sorted(set(EMAIL_RE.findall(page.text)))[:10]
    page.postcodes = sorted(set(POSTCODE_RE.findall(page.text)))[:5]
    page.business_ids = sorted(set(BUSINESS_ID_RE.findall(page.text)))[:5]
    page.hours = sorted({m.group(0) for m in HOURS_RE.finditer(page.text)})[:5]
    page.og = {e.get("property"): (e.get("content") or "")[:200]
               for e in doc.xpath('//meta[starts-with(@property, "og:")]')}
    page.schema_types, page.schema_hours = _schema_types(html, url)
    images = doc.xpath("//img")
    page.images = len(images)
    page.images_without_alt = [_short(img) for img in images if img.get("alt") is None][:20]
    fields = doc.xpath('//input[not(@type="hidden" or @type="submit" or @type="button" or @type="image"'
                       ' or @type="reset")]|//select|//textarea')
    page.unlabelled_fields = [_short(f) for f in fields if not _labelled(doc, f)][:20]
    page.headings = [int(h.tag[1]) for h in doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    return page


def _links(doc, base: str, page: Page) -> None:
    for a in doc.xpath("//a[@href]"):
        href = (a.get("href") or "").strip()
        text = " ".join(a.text_content().split())[:80]
        if href.lower().startswith("tel:"):
            page.tel.append(href[4:].strip())
            continue
        if href.lower().startswith("mailto:"):
            page.mailto.append(href[7:].split("?")[0].strip())
            continue
        absolute = urljoin(base, href)
        if not absolute.lower().startswith(("http://", "https://")):
            continue
        page.links.append((absolute, text))
        host = (urlsplit(absolute).hostname or "").lower()
        for network, domains in SOCIAL.items():
            if any(host == d or host.endswith("." + d) for d in domains):
                page.social.setdefault(network, absolute)
        if LANG_LINK_RE.match(text) or re.search(r"/(en|sv|eng|swe)(/|$)", urlsplit(absolute).path):
            page.language_links.append(absolute)
    page.tel, page.mailto = sorted(set(page.tel))[:10], sorted(set(page.mailto))[:10]
    page.language_links = sorted(set(page.language_links))[:10]
