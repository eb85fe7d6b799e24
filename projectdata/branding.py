"""The logos printed on the covers of the PDF reports (``projectdata/branding.toml``).

Loaded and validated at start-up (errors name the file and the logo); a logo whose image file
is absent is left out of the reports, so the project can ship its entries before its files.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("fi", "en")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


class BrandingError(ValueError):
    pass


@dataclass(frozen=True)
class Logo:
    id: str
    files: dict  # language -> absolute Path
    alt: dict  # language -> text
    height_mm: float


def _fail(path: Path, where: str, message: str) -> BrandingError:
    return BrandingError(f"{path}: {where}: {message}")


def _per_language(path: Path, where: str, value, name: str) -> dict:
    if isinstance(value, str) and value.strip():
        return {lang: value for lang in LANGUAGES}
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES):
        return {lang: value[lang] for lang in LANGUAGES}
    raise _fail(path, where, f"'{name}' must be a text or a table with {' and '.join(LANGUAGES)}")


def load_branding(path: Path) -> tuple[Logo, ...]:
    """The logos of ``path`` (a missing branding file means no logos)."""
    if not path.exists():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise BrandingError(f"{path}: {error}") from error
    logos: list[Logo] = []
    for number, raw in enumerate(data.get("logos", []), start=1):
        where = f"logo {number}"
        logo_id = raw.get("id")
        if not isinstance(logo_id, str) or logo_id in {logo.id for logo in logos}:
            raise _fail(path, where, "'id' must be a unique text")
        where = f"logo '{logo_id}'"
        files = _per_language(path, where, raw.get("file"), "file")
        for name in files.values():
            if Path(name).suffix.lower() not in IMAGE_SUFFIXES:
                raise _fail(path, where, f"'file' {name!r} must be a PNG or JPEG image")
        height = raw.get("height_mm", 12)
        if not isinstance(height, (int, float)) or not 4 <= height <= 40:
            raise _fail(path, where, "'height_mm' must be a number from 4 to 40")
        logos.append(Logo(logo_id, {lang: (path.parent / name).resolve() for lang, name in files.items()},
                          _per_language(path, where, raw.get("alt"), "alt"), float(height)))
    return tuple(logos)


def cover_logos(logos, lang: str) -> list[dict]:
    """Report data: the logos whose files exist, for one language ({"path", "alt", "height_mm"})."""
    return [{"id": logo.id, "path": str(logo.files[lang]), "alt": logo.alt[lang], "height_mm": logo.height_mm}
            for logo in logos if logo.files[lang].is_file()]
