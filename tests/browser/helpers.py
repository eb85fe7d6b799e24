from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def assert_accessible(page, name: str) -> None:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                      "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{name}: {page.url}\n{results.generate_report()}"


def fill_page(page, survey_page) -> None:
    """Answer every question of one questionnaire page the way a person would."""
    from tests.helpers import BACKGROUND

    for q in survey_page.questions:
        value = BACKGROUND.get(q.id)
        if q.type in ("single", "likert"):
            if value is not None:
                index = [o.code for o in q.options].index(value)
            else:
                index = 2
            page.check(f"#{q.id}-{index}")
        elif q.type == "multi":
            for code in value or [q.options[0].code]:
                page.check(f"#{q.id}-{[o.code for o in q.options].index(code)}")
        elif q.type in ("select", "municipality"):
            page.select_option(f"#{q.id}", value or q.options[0].code)
        elif q.type == "checkbox":
            if q.required or value:
                page.check(f"#{q.id}")
        elif value:
            page.fill(f"#{q.id}", value)
