"""The confirmation step of an action a company cannot undo (declining a seat, withdrawing an
application, cancelling a sign-up): the first press of the button shows this page, which says
what will happen and asks again; only the second, with ``vahvista=1``, changes anything. Plain
forms: it works without JavaScript."""

from __future__ import annotations

from flask import render_template


def confirm_page(title: str, text: str, action: str, button: str, back: str, hidden: dict | None = None,
                 note: str | None = None):
    """The page that asks again: ``action`` is posted with ``hidden`` and ``vahvista=1``;
    ``back`` leaves everything as it is."""
    return render_template("trainings/confirm.html", title=title, text=text, action=action, button=button,
                           back=back, hidden={k: v for k, v in (hidden or {}).items() if v}, note=note)
