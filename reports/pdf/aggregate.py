"""The aggregate results report as PDF (ReportLab), from reports.data.aggregate only."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from ..texts import AGGREGATE as TEXTS
from .charts import area_levels
from .impact import impact_story
from .kit import MARGIN, build_pdf, para, paragraphs, register_fonts, styles
from .kit import table as _table


def render_aggregate_pdf(data: dict) -> bytes:
    register_fonts()
    t = TEXTS[data["language"]]
    st = styles()
    P = paragraphs(st)
    width = A4[0] - 2 * MARGIN
    story = _head(data, t, P, width)
    if not data["companies"] or data["hidden_all"]:
        story.append(P(t["none"] if not data["companies"] else t["hidden_all"].format(min=data["min_peers"])))
    else:
        story += _levels(data, t, P, width) + _demand(data, t, P, width) + _breakdowns(data, t, P, width)
        if data.get("impact"):
            story += impact_story(data["impact"], data["language"], st, width)
        if data["open_answers"]:
            story += [CondPageBreak(40 * mm), P(t["open"], "h2")]
            for item in data["open_answers"]:
                story += [Paragraph(f"<b>{para(item['question'])}</b>", st["small"]), P(item["answer"], "quote")]
    story += [P(t["method"], "h2"), P(t["method_text"].format(survey=f"{data['survey']['id']} v{data['survey']['version']}",
                                                              date=data["date"]), "small")]
    return build_pdf(story, t["title"], t["title"], {"page": t["page"], "project": t["project"]}, data["language"])


def _head(data: dict, t: dict, P, width: float) -> list:
    """Title, version note and the selection's key facts."""
    minimum = data["min_peers"]
    story = [P(t["project"], "small"), P(t["title"], "h1"),
             P(t["publication"].format(min=minimum) if data["publication"] else t["internal"], "small"), Spacer(1, 4 * mm)]
    selection = ", ".join(f"{f['name']}: {f['value']}" for f in data["filters"]) or t["all"]
    facts = [(t["filters"], selection), (t["companies"], str(data["companies"]) if not data["hidden_all"] else f"< {minimum}")]
    if data["index_text"]:
        facts.append((t["index"], data["index_text"]))
    story.append(_table([[P(k, "cell"), P(v, "cell")] for k, v in facts], [55 * mm, width - 55 * mm], header=False))
    return story


def _levels(data: dict, t: dict, P, width: float) -> list:
    """Maturity level distribution and the area means (chart and table)."""
    story = [P(t["bands"], "h2"), _table([[t["level"], t["count"]]] + [[b["name"], b["count_text"]] for b in data["bands"]],
                                        [width - 40 * mm, 40 * mm])]
    story += [CondPageBreak(90 * mm), P(t["areas"], "h2"),
              area_levels([{"name": a["name"], "level": a["level"], "peer_mean": a["competence"]} for a in data["areas"]],
                          width, t["chart_level"], t["chart_competence"]),
              _table([[t["area"], t["level"], t["competence"]]] +
                     [[P(a["name"], "cell"), a["level_text"] or "–", a["competence_text"] or "–"] for a in data["areas"]],
                     [width - 60 * mm, 30 * mm, 30 * mm])]
    return story


def _demand(data: dict, t: dict, P, width: float) -> list:
    """Training demand, recommendations and the advisors' referrals."""
    minimum = data["min_peers"]
    story = [CondPageBreak(50 * mm), P(t["demand"], "h2"),
             _table([[t["area"], t["offer"], t["count"]]] +
                    [[P(a["name"], "cell"), P(a["offer_name"], "cell"), a["demand_text"]] for a in data["demand"]],
                    [width - 105 * mm, 80 * mm, 25 * mm])]
    story += [CondPageBreak(50 * mm), P(t["recommended"], "h2"),
              _table([[t["package"], t["offer"], t["count"]]] +
                     [[r["package"], P(r["name"], "cell"), r["count_text"]] for r in data["recommended"]],
                     [25 * mm, width - 50 * mm, 25 * mm])]
    referrals = data["interviews"].get("referrals_by_package", {})
    story += [P(t["referrals"], "h2"),
              _table([[t["package"], t["count"]], [t["interviews"], _small(data["interviews"]["interviews"], data, minimum)]] +
                     [[package, _small(n, data, minimum)] for package, n in referrals.items()], [width - 40 * mm, 40 * mm])]
    return story


def _breakdowns(data: dict, t: dict, P, width: float) -> list:
    """One table per group (industry, size, …)."""
    story = [P(t["breakdowns"], "h2")]
    for breakdown in data["breakdowns"]:
        rows = [[breakdown["name"], t["count"], t["group_index"]]]
        rows += [[P(r["label"], "cell"), r["count_text"], r["index_text"]] for r in breakdown["rows"]]
        story += [CondPageBreak(35 * mm), _table(rows, [width - 60 * mm, 30 * mm, 30 * mm]), Spacer(1, 4 * mm)]
    return story


def _small(value: int, data: dict, minimum: int) -> str:
    return f"< {minimum}" if data["publication"] and 0 < value < minimum else str(value)
