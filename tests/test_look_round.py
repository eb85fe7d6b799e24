"""What users read after issues 23, 24, 25 and 27 landed together (a look in Chromium, phone and
desktop, Finnish and English): each defect seen on a screenshot has a test here that reads the
visible text (or the catalogue the text comes from)."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

from tests.test_signup import cal, page  # noqa: F401  (the fixture)
from tests.test_trainings_apply import analysed

ROOT = Path(__file__).resolve().parent.parent


def _catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as source:
        return read_po(source, locale=lang)


def test_no_finnish_translation_carries_another_messages_english_text():
    """Merging two branches' catalogues glued an English msgid onto a Finnish msgstr: the sign-up
    page read "Paikkoja on vapaana: saatte paikan heti.The workshops' certificates are issued…"."""
    catalogue = _catalogue("fi")
    english = [m.id for m in catalogue if isinstance(m.id, str) and len(m.id) > 30]
    glued, leaked = [], []
    for message in catalogue:
        if not message.id or not isinstance(message.string, str):
            continue
        if re.search(r"[a-zåäö0-9)]\.[A-ZÅÄÖ]", message.string):
            glued.append(message.string)
        leaked += [(message.string, other) for other in english if other != message.id and other in message.string]
    assert glued == [] and leaked == []


def test_the_finnish_sign_up_page_is_all_finnish(app, cal):  # noqa: F811
    db, ids = cal
    client, token = analysed(app, "fi")
    status, text, _html = page(client, f"/a/{token}/koulutus/{ids['workshop']}")
    assert status == 200
    assert "Paikkoja on vapaana: saatte paikan heti. Osallistujan tiedot" in text
    assert "certificates" not in text and "workshop" not in text.lower()
