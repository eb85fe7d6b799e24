"""The data of one participation certificate, for ``trainings.pdf.certificate``: plain values,
already in the certificate's language."""

from __future__ import annotations

from babel.numbers import format_decimal

from reports.data.formatting import date_text

from trainings.rules.courses import course_title


def _date(value: str, lang: str) -> str:
    return date_text(value, lang) or ""


def _hours(value, lang: str) -> str:
    """Hours in the certificate's language: "13,5" in Finnish, "13.5" in English, "3" for 3.0."""
    return format_decimal(round(float(value or 0), 2), format="#,##0.##", locale=lang)


def build_certificate_data(catalogue, lang: str, company: dict, code: str, verify_url: str, issued_on: str,
                           course: dict | None = None, offer_name: str = "", basis: dict | None = None,
                           workshops: list[dict] | None = None, branding: list[dict] | None = None) -> dict:
    """A course certificate (``course`` and its ``basis``: present, held, hours) or, with
    ``workshops``, the project-end certificate listing every workshop attended."""
    data = {
        "language": lang, "project": catalogue.project.get(lang), "funder": catalogue.funder.get(lang),
        "issuer": catalogue.issuer.get(lang), "company": company["name"], "business_id": company["business_id"],
        "participant": company.get("participant"), "code": code, "verify_url": verify_url,
        "issued_on": _date(issued_on, lang), "branding": branding or [],
    }
    if workshops is not None:
        data.update(kind="workshops", sessions=[{"date": _date(w["on_date"], lang),
                                                 "name": course_title(w, lang, "course_name"),
                                                 "hours": _hours(w["hours"], lang)} for w in workshops],
                    hours=_hours(sum(float(w["hours"] or 0) for w in workshops), lang))
        return data
    data.update(kind="course", course=course_title(course, lang), offer=offer_name, present=basis["present"],
                held=basis["held"],
                hours=_hours(basis["hours"], lang),
                period=f"{_date(course['starts_on'], lang)} – {_date(course['ends_on'], lang)}")
    return data
