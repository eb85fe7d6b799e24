"""Routes: dashboard, exports (CSV, XLSX, JSON) and the aggregate PDF. Coordinators only."""

from __future__ import annotations


from flask import abort, current_app, render_template, request, Response
from flask_babel import gettext as _
from flask_login import current_user

from exports.responses import columns, export_filename, to_csv, to_json
from exports.xlsx import to_xlsx
from reports.data.aggregate import filter_description
from reports.data.funder import indicator_rows
from reports.pdf.aggregate import render_aggregate_pdf
from reports.texts import AGGREGATE, GROUP_NAMES
from scoring.aggregate import FILTER_GROUPS
from storage import audit, get_db
from storage import scores as score_store
from web.charts import area_chart_svg, bar_chart_svg, svg_data_uri
from web.context import here
from web.i18n import current_language
from web.params import query_int

from . import bp
from .funder_service import indicator_data
from .mail_views import mail_notice
from .service import (aggregate_data, context, group_companies, impact_data, read_filters, selection,
                      versions)


def _filter_choices(survey, project, lang):
    choices = {}
    for group in FILTER_GROUPS:
        question = survey.question({"industry": "industry", "size": "personnel", "target_group": "target_groups",
                                    "municipality": "municipality", "theme": "smart_theme"}[group])
        choices[group] = [(o.code, o.label.get(lang)) for o in question.options]
    choices["organisation"] = [(o.id, o.name.get(lang)) for o in project.organisations]
    return choices


def read_round() -> int | None:
    """The follow-up round chosen on the page (``?kierros=``; None: each company's latest)."""
    return query_int("kierros")


@bp.get("/")
def dashboard():
    lang = current_language()
    filters = read_filters(request.args)
    ctx = here(lang)
    data = aggregate_data(ctx, filters, publication=False)
    survey, method, project = context(ctx)
    charts = {}
    if data["companies"]:
        charts["areas"] = svg_data_uri(area_chart_svg(
            [a["name"] for a in data["areas"]], [a["level"] for a in data["areas"]],
            [a["competence"] for a in data["areas"]],
            own_label=_("Mean level"), peer_label=_("Mean competence"), axis_label=_("0–100")))
        charts["bands"] = svg_data_uri(bar_chart_svg([b["name"] for b in data["bands"]],
                                                     [b["count"] for b in data["bands"]],
                                                  _("Companies")))
    impact = impact_data(ctx, filters, publication=False, round_id=read_round())
    indicators = indicator_rows(project.indicators, indicator_data(ctx, filters, group_companies(ctx, filters, False)),
                                lang)
    return render_template("coordinator/dashboard.html", data=data, charts=charts, filters=filters,
                           choices=_filter_choices(survey, project, lang), group_names=GROUP_NAMES[lang], lang=lang,
                           stage_names=AGGREGATE[lang]["stages"],  # the aggregate PDF's names for the same stages
                           query=request.query_string.decode(), impact=impact, indicators=indicators,
                           mail=mail_notice())


@bp.get("/vienti.<fmt>")
def export(fmt):
    if fmt not in ("csv", "xlsx", "json"):
        abort(404)
    lang = current_language()
    filters = read_filters(request.args)
    ctx = here(lang)
    survey, method, project, agg = selection(ctx, filters)
    include_contact = request.args.get("yhteystiedot") == "1"
    cols = columns(survey, include_contact)
    records = score_store.export_records(get_db(), survey.id, versions(ctx, survey), agg["company_ids"])
    for record in records:
        index = record["scores"]["maturity_index"]
        record["scores"]["maturity_level"] = method.band_for(index).id if index is not None else None
    audit.record(get_db(), current_user.id, f"export_{fmt}" + ("_with_contacts" if include_contact else ""))
    delimiter = "," if request.args.get("erotin") == "," else ";"
    if fmt == "csv":
        body, mimetype = to_csv(records, cols, delimiter, survey), "text/csv"
    elif fmt == "xlsx":
        body = to_xlsx(records, cols, survey, lang, method, project)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = to_json(records, cols, survey, versions(ctx, survey)), "application/json"
    values = [item["value"] for item in filter_description(survey, project, filters, lang)]
    variant = ("pilkku" if delimiter == "," else "excel") if fmt == "csv" else ""  # two CSVs, two names
    filename = export_filename(values, current_app.extensions["clock"].today(), fmt, variant=variant)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/raportti.pdf")
def aggregate_pdf():
    lang = request.args.get("lang") or current_language()
    if lang not in ("fi", "en"):
        abort(404)
    publication = request.args.get("julkaisu") == "1"
    filters = read_filters(request.args)
    ctx = here(lang)
    data = aggregate_data(ctx, filters, publication)
    data["impact"] = impact_data(ctx, filters, publication, read_round())
    audit.record(get_db(), current_user.id, "aggregate_pdf_publication" if publication else "aggregate_pdf")
    name = "julkaisu" if publication else "kooste"
    return Response(render_aggregate_pdf(data), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="digianalyysi-{name}-{lang}.pdf"'})


