"""The funder's report as a one-page PDF for the steering group, from reports.data.funder only: the
indicators by EU size class, the targets, the measured change and the counting rules."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from .kit import WIDTH, Paragraph, build_pdf, cover_title, para, start, table


def _heading(label: str) -> str:
    """A column heading from a breakdown's name as it reads in a sentence ("mikro" -> "Mikro")."""
    return label[:1].upper() + label[1:]


def _indicator_table(data: dict, t: dict, P) -> list:
    """One row per indicator and count (in the period, since the project start), one column per
    size class: the breakdown reads across, as in EURA."""
    indicators = data["indicators"]
    header = [t["indicator"]] + [_heading(t["sizes_short"][r["breakdown"]]) for r in indicators[0]["rows"]]
    rows = [header]
    for indicator in indicators:
        for key, label in (("period", t["in_period"]), ("cumulative", t["cumulative"])):
            rows.append([P(f"{indicator['code']} {label.lower()}", "cell")] +
                        [str(r[key]) for r in indicator["rows"]])
    first = 46 * mm
    weights = [{"total": 1.3, "medium": 1.4, "unknown": 1.4}.get(r["breakdown"], 1) for r in indicators[0]["rows"]]
    widths = [first] + [(WIDTH - first) * w / sum(weights) for w in weights]  # "keskisuuret" on one line
    names = "; ".join(f"{i['code']} {i['name']}" for i in indicators)
    return [P(t["indicators"], "h2"), table(rows, widths),
            Spacer(1, 1.5 * mm), P(names, "small")]


def _targets_table(data: dict, t: dict, P) -> list:
    rows = [[t["measure"], t["in_period"], t["cumulative"], t["target"], t["share"]]]
    rows += [[P(r["name"], "cell"), "–" if r["done"] is None else str(r["done"]),
              "–" if r["done_total"] is None else str(r["done_total"]), str(r["target"]), r["share_text"]]
             for r in data["targets"]]
    return [P(t["targets"], "h2"), table(rows, [WIDTH - 108 * mm, 24 * mm, 30 * mm, 22 * mm, 32 * mm])]


def _change(data: dict, t: dict, P) -> list:
    change = data["change"]
    story = [P(t["change"], "h2"), P(change["text"])]
    if change["rows"]:
        rows = [[change["name"], t["companies"], t["mean_change"]]]
        rows += [[P(r["label"], "cell"), r["n_text"], r["change_text"]] for r in change["rows"]]
        story += [Spacer(1, 1.5 * mm), table(rows, [WIDTH - 60 * mm, 30 * mm, 30 * mm])]
    return story


def render_funder_pdf(data: dict) -> bytes:
    t = data["texts"]
    st, P = start()
    story = [*cover_title(data.get("branding"), t["project"], t["title"], P), P(data["period_text"], "body"),
             P(t["subtitle"], "small"), Spacer(1, 2 * mm)]
    story += _indicator_table(data, t, P)
    story += _targets_table(data, t, P)
    story += _change(data, t, P)
    story += [P(t["notes"], "h2")]
    story += [Paragraph(f"<b>{para(item)}.</b> {para(value)}", st["small"]) for item, value in data["rules"]
              if item not in (t["rules"]["period"], t["rules"]["project_start"])]
    return build_pdf(story, f"{t['title']} – {data['period_text']}", t["title"], {"page": t["page"],
                                                                               "project": t["project"]},
                     data["language"])
