"""The funder's report as a one-page PDF for the steering group, from reports.data.funder only: the
indicators by EU size class, the targets, the measured change and the counting rules."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from .kit import WIDTH, build_pdf, cover_title, para, start, table


def _indicator_table(data: dict, t: dict, P) -> list:
    indicators = data["indicators"]
    header = [t["breakdown"]] + [f"{i['code']} {label}" for i in indicators
                                 for label in (t["in_period"].lower(), t["cumulative"].lower())]
    rows = [header]
    for n, key in enumerate(r["breakdown"] for r in indicators[0]["rows"]):
        rows.append([indicators[0]["rows"][n]["label"]] + [str(value) for i in indicators
                                                            for value in (i["rows"][n]["period"],
                                                                          i["rows"][n]["cumulative"])])
    first = 46 * mm
    rest = (WIDTH - first) / (len(header) - 1)
    names = "; ".join(f"{i['code']} {i['name']}" for i in indicators)
    return [P(t["indicators"], "h2"), table(rows, [first] + [rest] * (len(header) - 1), bold_rows=(1,)),
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
        rows = [[change["name"], t["columns"]["value"]]]
        rows += [[P(r["label"], "cell"), f"{r['n_text']} · {r['change_text']}"] for r in change["rows"]]
        story += [Spacer(1, 1.5 * mm), table(rows, [WIDTH - 60 * mm, 60 * mm])]
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
