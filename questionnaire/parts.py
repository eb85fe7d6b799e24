"""Parts other features add to the entrepreneur's results page. A feature registers its part in
its ``init_app`` (trainings adds the training paths open for application), so the dependency runs
from that feature to this page and shows in the imports, instead of a template global the page
calls without anyone importing it."""

from __future__ import annotations

from collections.abc import Callable

KEY = "results_parts"


def add_results_part(app, template: str, build: Callable) -> None:
    """``build(ctx, token, response, data, applying)`` gives the part's data (``ctx`` the
    page's ``web.context.Context``, ``data`` the results, ``applying`` the state of the part's
    form when the page answers a refused post of it); ``template`` shows it as ``part.data``."""
    app.extensions.setdefault(KEY, []).append((template, build))


def results_parts(app, ctx, token: str, response, data: dict, applying: dict | None) -> list[dict]:
    """Each registered part's template and data, in the order they were added."""
    return [{"template": template, "data": build(ctx, token, response, data, applying)}
            for template, build in app.extensions.get(KEY, ())]
