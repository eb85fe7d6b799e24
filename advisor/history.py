"""An interview's edit history in words: each change with the form's label and its values as
the advisor typed or chose them (area names, option labels, dates), never the stored keys."""

from __future__ import annotations

from flask_babel import format_decimal, gettext as _, ngettext

from web.dates import day

DATES = ("held_on", "follow_up_on")


def _choices(form) -> dict[str, dict[str, str]]:
    return {name: {str(code): str(label) for code, label in form[name].choices}
            for name in ("marketing_level", "tools", "referrals")}


def _kept(summary: dict) -> str:
    """What was kept with the final report (storage.snapshots.summary) in words."""
    parts = []
    if summary.get("submitted_at"):
        index = "–" if summary.get("index") is None else format_decimal(round(summary["index"]))
        parts.append(_("self-assessment of %(date)s (index %(index)s)", date=day(summary["submitted_at"]), index=index))
    if summary.get("checked_at"):
        parts.append(ngettext("%(num)d website finding of the check of %(date)s",
                              "%(num)d website findings of the check of %(date)s", len(summary.get("findings") or []),
                              date=day(summary["checked_at"])))
    else:
        parts.append(_("no website findings"))
    return "; ".join(parts)


def _value(key: str, value, form, areas: dict[str, str]) -> str:
    if value in (None, "", [], {}):
        return "–"
    if key in DATES:
        return day(value)
    if key == "snapshot":
        return _kept(value)
    if key == "status":
        return _("final") if value == "final" else _("draft")
    if key == "ratings":
        return "; ".join(f"{areas.get(area, area)}: {rating}" for area, rating in value.items())
    if key == "actions":
        return "; ".join(" – ".join(part for part in (a.get("what"), a.get("who"), day(a.get("by")) if a.get("by")
                                                      else None) if part) for a in value)
    labels = _choices(form).get(key)
    if labels is not None:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(code), str(code)) for code in codes)
    return str(value)


def _label(key: str, form) -> str:
    if key == "status":
        return _("Status")
    if key == "ratings":
        return _("Advisor's ratings")
    if key == "actions":
        return _("Agreed actions")
    if key == "snapshot":
        return _("Kept with the final report")
    if key == "reopen_reason":
        return _("Reason for reopening")
    return str(form[key].label.text) if key in form else key


def readable(history: list[dict], form, survey, lang: str) -> list[dict]:
    """Each history entry with ``rows``: (label, before, after) in the page's language."""
    areas = {a.id: a.name.get(lang) for a in survey.areas}
    return [{**entry, "rows": [(_label(key, form), _value(key, old, form, areas), _value(key, new, form, areas))
                               for key, (old, new) in entry["changes"].items()]}
            for entry in history]
