"""The aggregate results report as PDF (ReportLab), from reports.data.aggregate only."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from ..texts import AGGREGATE as TEXTS
from .charts import area_levels, counts_bar
from .impact import impact_story
from .kit import FAMILY, WIDTH, Paragraph, build_pdf, cover_title, facts_table, para, start
from .kit import table as _table


def render_aggregate_pdf(data: dict) -> bytes:
    t = TEXTS[data["language"]]
    st, P = start()
    width = WIDTH
    minimum = data["min_peers"]
    story = [*cover_title(data.get("branding"), t["project"], t["title"], P),
             P(t["publication"].format(min=minimum) if data["publication"] else t["internal"], "small"),
             Spacer(1, 4 * mm)]
    selection = ", ".join(f"{f['name']}: {f['value']}" for f in data["filters"]) or t["all"]
    facts = [(t["filters"], selection),
             (t["companies"], str(data["companies"]) if not data["hidden_all"] else f"< {minimum}")]
    if data["index_text"]:
        facts.append((t["index"], data["index_text"]))
    story.append(facts_table(facts, 55 * mm, P))
    if not data["companies"] or data["hidden_all"]:
        story.append(P(t["none"] if not data["companies"] else t["hidden_all"].format(min=minimum)))
    else:
        story += _targets_story(data, t, P, width, minimum)
        story += _results_story(data, t, st, P, width, minimum)
        if data.get("impact"):
            story += impact_story(data["impact"], data["language"], st, width)
        story += _open_answers_story(data, t, st, P)
    versions = data["survey"].get("versions") or [data["survey"]["version"]]
    survey = (t["survey"].format(title=data["survey"]["title"], version=versions[0]) if len(versions) == 1 else
              t["surveys"].format(title=data["survey"]["title"], versions=", ".join(map(str, versions))))
    story.append(KeepTogether([P(t["method"], "h2"),
                               P(t["method_text"].format(survey=survey, date=data["date"]), "small")]))
    return build_pdf(story, t["title"], t["title"], {"page": t["page"], "project": t["project"]}, data["language"])


def _results_story(data: dict, t: dict, st: dict, P, width: float, minimum: int) -> list:
    bands = [{"name": b["name"], "count": b["count"], "text": b["count_text"], "hidden": b["hidden"]}
             for b in data["bands"]]
    story = [KeepTogether([P(t["bands"], "h2"), counts_bar(bands, width, t["bands_unit"]), Spacer(1, 2 * mm),
                           _table([[t["level"], t["count"]]] + [[b["name"], b["count_text"]] for b in data["bands"]],
                                  [width - 40 * mm, 40 * mm]), *_note(data.get("bands_note"), P)])]
    story += [CondPageBreak(90 * mm), P(t["areas"], "h2"),
              area_levels([{"name": a["name"], "level": a["level"], "peer_mean": a["competence"]}
                           for a in data["areas"]],
                          width, t["chart_level"], t["chart_competence"]),
              _table([[t["area"], t["level"], t["competence"]]] +
                     [[P(a["name"], "cell"), a["level_text"] or "–", a["competence_text"] or "–"]
                      for a in data["areas"]],
                     [width - 60 * mm, 30 * mm, 30 * mm])]
    story += [P(t["demand"], "h2"),
              _table([[t["area"], t["offer"], t["count"]]] +
                     [[P(a["name"], "cell"), P(a["offer_name"], "cell"), a["demand_text"]] for a in data["demand"]],
                     [width - 105 * mm, 80 * mm, 25 * mm])]
    story += [P(t["recommended"], "h2"),
              _table([[t["package"], t["offer"], t["count"]]] +
                     [[r["package"], P(r["name"], "cell"), r["count_text"]] for r in data["recommended"]],
                     [25 * mm, width - 50 * mm, 25 * mm])]
    referrals = data["interviews"].get("referrals_by_package", {})
    story += [P(t["referrals"], "h2"),
              _table([[t["package"], t["count"]],
                      [t["interviews"], _small(data["interviews"]["interviews"], data, minimum)]] +
                     [[package, _small(n, data, minimum)] for package, n in referrals.items()],
                     [width - 40 * mm, 40 * mm])]
    for number, breakdown in enumerate(data["breakdowns"]):
        rows = [[breakdown["name"], t["count"], t["group_index"]]]
        rows += [[P(r["label"], "cell"), r["count_text"], r["index_text"]] for r in breakdown["rows"]]
        table = KeepTogether([_table(rows, [width - 60 * mm, 30 * mm, 30 * mm]), *_note(breakdown.get("note"), P)])
        # the section heading travels with its first table
        story += [KeepTogether([P(t["breakdowns"], "h2"), table]) if number == 0 else table, Spacer(1, 4 * mm)]
    return story


def _open_answers_story(data: dict, t: dict, st: dict, P) -> list:
    """Open answers under their question: the question once, then its answers."""
    if not data.get("open_groups"):
        return []
    question_style = ParagraphStyle("question", parent=st["body"], fontName=f"{FAMILY}-Bold", spaceBefore=8,
                                    spaceAfter=3, keepWithNext=1)
    answer_style = ParagraphStyle("answer", parent=st["body"], leftIndent=10, bulletIndent=2, spaceAfter=2.5)
    story = [CondPageBreak(40 * mm), P(t["open"], "h2")]
    for group in data["open_groups"]:
        story.append(Paragraph(f"{para(group['question'])} <font size=8 color='#4a5563'>"
                               f"({para(t['answers_n'].format(n=len(group['answers'])))})</font>", question_style))
        story += [Paragraph(para(answer), answer_style, bulletText="–") for answer in group["answers"]]
    return story


def _targets_story(data: dict, t: dict, P, width: float, minimum: int) -> list:
    """The project's targets and the training funnel: the same counts as the dashboard's."""
    rows = [[t["measure"], t["done"], t["target"]]]
    rows += [[P(r["name"], "cell"), "–" if r["done"] is None else
              (_small(r["done"], data, minimum) if r["of_companies"] else str(r["done"])), str(r["target"])]
             for r in data["targets"]]  # sessions are not companies: never hidden
    funnel = [[t["stage"], t["count"]]] + [[t["stages"][stage], _small(n, data, minimum)]
                                           for stage, n in data["interviews"].get("funnel", [])]
    note = t["funnel_note"].format(certificates=_small(data["interviews"].get("certificates", 0), data, minimum),
                                   webinar=data["interviews"].get("webinar_reach", 0))
    return [KeepTogether([P(t["targets"], "h2"), _table(rows, [width - 60 * mm, 30 * mm, 30 * mm]),
                          P(t["targets_note"], "small")]),
            KeepTogether([P(t["funnel"], "h2"), _table(funnel, [width - 40 * mm, 40 * mm]), P(note, "small")])]


def _note(note: str | None, P) -> list:
    """The footnote under a table with a cell hidden by secondary suppression ("–")."""
    return [Spacer(1, 1.5 * mm), P(note, "small")] if note else []


def _small(value: int, data: dict, minimum: int) -> str:
    return f"< {minimum}" if data["publication"] and 0 < value < minimum else str(value)
