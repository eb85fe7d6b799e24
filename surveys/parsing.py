"""Shared reading of the TOML data files (surveys, method, project data): the error that names
the file and the item, and the bilingual text tables."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .model import LANGUAGES, Text


class SurveyError(ValueError):
    """A definition or list file is invalid; the message names the file and the item."""


class Context:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, message: str) -> SurveyError:
        return SurveyError(f"{self.path.name}: {where}: {message}")


def read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SurveyError(f"{path.name}: not valid TOML: {exc}") from exc


def read_text(ctx: Context, where: str, raw: dict, key: str, optional: bool = False, flat: bool = False) -> Text | None:
    """Read a {fi = ..., en = ...} table (or, with flat, fi/en keys on the item itself)."""
    value = raw if flat else raw.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, dict):
        raise ctx.fail(where, f"'{key}' must be a table with {' and '.join(LANGUAGES)}")
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ctx.fail(where, f"missing translation '{lang}' for '{key}'")
    return Text(fi=value["fi"].strip(), en=value["en"].strip())
