"""Every report, report data and export text (reports/texts.py) exists in both languages, is not empty, and
uses the same {placeholders} in both."""

from string import Formatter

import pytest

import reports.texts as texts_module
from reports.texts import LANGUAGES, TEXTS


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _leaves(item, (*path, n))
    else:
        yield path, value


def _fields(text: str) -> set:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_in_both_languages(name):
    table = TEXTS[name]
    assert set(table) == set(LANGUAGES)
    leaves = {lang: dict(_leaves(table[lang])) for lang in LANGUAGES}
    assert set(leaves["fi"]) == set(leaves["en"]), f"{name}: keys differ between fi and en"
    for lang in LANGUAGES:
        empty = [path for path, text in leaves[lang].items() if not isinstance(text, str) or not text.strip()]
        assert empty == [], f"{name} {lang}: empty texts"
    for path, text in leaves["fi"].items():
        assert _fields(text) == _fields(leaves["en"][path]), f"{name} {path}: placeholders differ"


def test_every_table_of_the_module_is_listed():
    tables = {key for key, value in vars(texts_module).items()
              if key.isupper() and isinstance(value, dict) and key != "TEXTS"}
    assert tables == {key for key, value in vars(texts_module).items() if any(value is t for t in TEXTS.values())}
