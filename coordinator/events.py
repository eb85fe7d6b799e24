"""Event links: a coordinator opens one for an information event or an application day where many
entrepreneurs share one network, so that the per-address limit on new analyses does not turn the
41st away (storage.event_links; the public side is questionnaire.events). Coordinators only (the
blueprint's ``protect``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import segno

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from storage import audit, event_links, get_db, immediate
from storage.db import stamp
from surveys.validators import clean_text
from web.dates import zone
from web.params import StrictIntegerField
from web.urls import public_url

from . import bp

MAX_DAYS = 14  # an event link is for an event, not a standing exemption
MAX_CAP = 1000


class EventLinkForm(FlaskForm):
    name = StringField(_l("Name of the event"), filters=[clean_text],
                       validators=[InputRequired(_l("Please answer this question.")), Length(max=200)])
    valid_from = DateTimeLocalField(_l("Valid from"), format="%Y-%m-%dT%H:%M",
                                    validators=[InputRequired(_l("Please give a date and a time."))])
    valid_until = DateTimeLocalField(_l("Valid until"), format="%Y-%m-%dT%H:%M",
                                     validators=[InputRequired(_l("Please give a date and a time."))])
    cap = StrictIntegerField(_l("At most this many new analyses through the link"), default=100,
                       validators=[InputRequired(_l("Please give a number.")),
                                   NumberRange(1, MAX_CAP, _l("Give a number from %(min)s to %(max)s."))])

    def validate_valid_until(self, field):
        start, end = self.valid_from.data, field.data
        if start and end and end <= start:
            raise ValidationError(_l("The end must be after the start."))
        if start and end and end - start > timedelta(days=MAX_DAYS):
            raise ValidationError(_l("An event link is valid for at most %(days)s days.", days=MAX_DAYS))


def _utc(local: datetime) -> str:
    """A local (Finnish) date and time from the form as the stored UTC stamp."""
    return local.replace(tzinfo=zone()).astimezone(timezone.utc).isoformat(timespec="seconds")


def _rows() -> list[dict]:
    secret, moment = current_app.config["SECRET_KEY"], stamp(get_db())
    rows = []
    for link in event_links.all_links(get_db()):
        url = public_url("questionnaire.event", token=event_links.link_token(secret, link["nonce"]))
        rows.append({**link, "state": event_links.state(link, moment), "url": url,
                     "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2)})
    return rows


@bp.route("/tilaisuudet", methods=["GET", "POST"])
def event_links_page():
    form = EventLinkForm()
    if form.validate_on_submit():
        with immediate(get_db()):  # the link and its audit row, together
            link_id = event_links.create(get_db(), form.name.data, _utc(form.valid_from.data),
                                         _utc(form.valid_until.data), form.cap.data, current_user.id,
                                         current_app.config["SECRET_KEY"], stamp(get_db()))
            audit.record(get_db(), current_user.id, "event_link_opened", "event_link", link_id)
        flash(_("The event link was created. Show it to the participants, e.g. on a slide or as a QR code."), "info")
        return redirect(url_for("coordinator.event_links_page") + f"#tilaisuus-{link_id}")
    return render_template("coordinator/event_links.html", form=form, links=_rows(), max_days=MAX_DAYS), \
        400 if form.errors else 200


@bp.post("/tilaisuudet/<int:link_id>/sulje")
def close_event_link(link_id):
    if event_links.get(get_db(), link_id) is None:
        abort(404)
    with immediate(get_db()):
        closed = event_links.close(get_db(), link_id, stamp(get_db()))
        if closed:
            audit.record(get_db(), current_user.id, "event_link_closed", "event_link", link_id)
    if closed:
        flash(_("The event link was closed: new analyses through it count against the usual limit again."), "info")
    return redirect(url_for("coordinator.event_links_page") + f"#tilaisuus-{link_id}")
