"""The funder's report: the page (a period, the indicators, the targets and the measured change, the
counting rules) and its downloads – XLSX, the ";" CSV and the steering group's PDF. Coordinators
only (the blueprint's ``protect``); every download is audited, contact details only when ticked."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from exports.funder import funder_xlsx, indicators_csv
from projectdata.branding import cover_logos
from reports.pdf.funder import render_funder_pdf
from storage import audit, get_db
from web.context import here
from web.i18n import current_language

from . import bp
from .funder_service import PeriodError, funder_data, last_full_half_year, parse_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period_message(reason: str) -> str:
    return {"missing": _("Give both the first and the last day of the reporting period."),
            "invalid": _("Give the days of the reporting period as dates, for example 2026-06-30."),
            "order": _("The reporting period ends before it starts: check the days.")}[reason]


def _period() -> tuple[str, str, str | None]:
    """The period asked for (default: the last full half-year) and the error message, if any."""
    default = last_full_half_year(current_app.extensions["clock"].today())
    start, end = request.args.get("start"), request.args.get("end")
    if start is None and end is None:
        return *default, None
    try:
        return *parse_period(start, end), None
    except PeriodError as error:
        return (start or "")[:20], (end or "")[:20], _period_message(error.args[0])


@bp.get("/rahoittaja")
def funder_report():
    lang = current_language()
    start, end, error = _period()
    if error:
        return render_template("coordinator/funder.html", data=None, start=start, end=end, error=error,
                               lang=lang), 400
    data = funder_data(here(lang), start, end, producer=current_user.name)
    audit.record(get_db(), current_user.id, "funder_report_viewed")
    return render_template("coordinator/funder.html", data=data, start=start, end=end, error=None, lang=lang)


@bp.get("/rahoittaja.<fmt>")
def funder_download(fmt):
    if fmt not in ("xlsx", "csv", "pdf"):
        abort(404)
    lang = request.args.get("lang") or current_language()
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    start, end, error = _period()
    if error:
        return render_template("coordinator/funder.html", data=None, start=start, end=end, error=error,
                               lang=current_language()), 400
    contacts = fmt == "xlsx" and request.args.get("yhteystiedot") == "1"
    data = funder_data(here(lang), start, end, include_contact=contacts, producer=current_user.name)
    audit.record(get_db(), current_user.id, f"funder_report_{fmt}" + ("_with_contacts" if contacts else ""))
    name = f"rahoittajaraportti-{start}-{end}"
    if fmt == "xlsx":
        body, mimetype = funder_xlsx(data), XLSX
    elif fmt == "csv":
        body, mimetype = indicators_csv(data), "text/csv"  # Flask adds "; charset=utf-8"
        name = f"indikaattorit-{start}-{end}"
    else:
        data["branding"] = cover_logos(current_app.extensions["projectdata"].logos, lang)
        body, mimetype, name = render_funder_pdf(data), "application/pdf", f"{name}-{lang}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
